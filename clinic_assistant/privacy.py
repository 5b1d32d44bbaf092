"""Retention and deletion: `make purge` (python -m clinic_assistant.privacy) and "delete my data".

- A visitor's request deletes their bookings, screening answers and handoffs at once and files a
  DeletionRequest; the purge removes the transcript from Rasa's tracker store a little later,
  after the Rasa server has saved the turn that asked for it (deleting earlier would have Rasa
  write the events back).
- Everything older than RETENTION_DAYS goes: transcripts (events by timestamp), bookings,
  handoffs, audit events are kept (they hold no personal details).
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import (
    Booking,
    DeletionRequest,
    Handoff,
    HandoffReason,
    HandoffStatus,
    StaffNote,
    utcnow,
)
from clinic_assistant.db.rasa_events import delete_events, tracker_engine
from clinic_assistant.settings import Settings, get_settings

logger = logging.getLogger(__name__)
DELETION_GRACE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class PurgeReport:
    transcripts_deleted: int
    events_deleted: int
    bookings_deleted: int
    handoffs_deleted: int


def delete_conversation_records(*, session: Session, conversation_id: str) -> None:
    """Deletes the conversation's app records now and files its transcript for the next purge.

    An unresolved crisis handoff stays until staff resolve it (then retention removes it): a
    visitor's safety comes before the deletion of that one record.
    """
    for booking in session.execute(select(Booking).where(Booking.conversation_id == conversation_id)).scalars():
        session.delete(booking)  # screening answers go with it
    still_needed = (Handoff.reason == HandoffReason.CRISIS) & (Handoff.status != HandoffStatus.RESOLVED)
    session.execute(delete(Handoff).where(Handoff.conversation_id == conversation_id, ~still_needed))
    # Staff notes may hold the visitor's details; the crisis handoff kept above has its own resolution note.
    session.execute(delete(StaffNote).where(StaffNote.conversation_id == conversation_id))
    session.add(DeletionRequest(conversation_id=conversation_id))
    session.flush()


def _delete_events(tracker_store_url: str, *, sender_ids: list[str], before: float) -> int:
    with tracker_engine(tracker_store_url, read_only=False).begin() as connection:
        return delete_events(connection=connection, sender_ids=sender_ids, before=before)


def purge(settings: Settings, *, retention_days: int, now: dt.datetime | None = None) -> PurgeReport:
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=retention_days)
    with session_scope(settings.database_url) as session:
        due = list(
            session.execute(
                select(DeletionRequest).where(
                    DeletionRequest.completed_at.is_(None), DeletionRequest.requested_at <= now - DELETION_GRACE
                )
            ).scalars()
        )
        old_bookings = list(session.execute(select(Booking).where(Booking.created_at < cutoff)).scalars())
        for booking in old_bookings:
            session.delete(booking)
        handoffs = session.execute(delete(Handoff).where(Handoff.created_at < cutoff)).rowcount
        session.execute(delete(StaffNote).where(StaffNote.created_at < cutoff))
        events = _delete_events(
            settings.tracker_store_url, sender_ids=[r.conversation_id for r in due], before=cutoff.timestamp()
        )
        if due:
            session.execute(
                update(DeletionRequest).where(DeletionRequest.id.in_([r.id for r in due])).values(completed_at=now)
            )
    return PurgeReport(len(due), events, len(old_bookings), handoffs)


def main() -> int:
    settings = get_settings()
    report = purge(settings, retention_days=settings.retention_days)
    print(
        f"Purged (retention {settings.retention_days} days): {report.transcripts_deleted} transcripts deleted on "
        f"request, {report.events_deleted} tracker events, {report.bookings_deleted} bookings, "
        f"{report.handoffs_deleted} handoffs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
