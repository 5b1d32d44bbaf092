"""Retention and deletion: "delete my data", the scheduled purge, and `make purge`.

- A visitor's request deletes their bookings, screening answers, handoffs and staff notes at once
  and files a DeletionRequest. The crisis-escalation worker (review/escalation_worker.py) runs
  `purge_requested` every PURGE_CHECK_SECONDS: a request older than DELETION_GRACE has its
  transcript removed from Rasa's tracker store, so "within a few minutes" holds without anyone
  running `make purge`. The grace lets Rasa save the turn that asked first; a turn still in
  progress cannot write the transcript back, because the deletion is recorded in the tracker
  store's database (`deleted_conversations`) and the store never writes events from before it.
- An unresolved crisis handoff stays until staff resolve it; resolving clears its evidence and
  call-back details (db/handoffs.py).
- `purge` (hourly in the worker, and `make purge`) also removes everything older than
  RETENTION_DAYS: transcripts (events by timestamp), bookings, handoffs, staff notes. Audit events
  are kept (they hold no personal details).
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
from clinic_assistant.db.rasa_events import delete_conversations, delete_old_events, tracker_engine
from clinic_assistant.settings import get_settings

logger = logging.getLogger(__name__)
DELETION_GRACE = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class PurgeReport:
    transcripts_deleted: int
    events_deleted: int
    bookings_deleted: int = 0
    handoffs_deleted: int = 0


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


def purge_requested(database_url: str, tracker_store_url: str, *, now: dt.datetime | None = None) -> PurgeReport:
    """Removes the transcripts visitors asked to delete (requests older than DELETION_GRACE), and
    any event a turn in progress wrote back to a conversation deleted earlier."""
    now = now or utcnow()
    with session_scope(database_url) as session:
        due = list(
            session.execute(
                select(DeletionRequest).where(
                    DeletionRequest.completed_at.is_(None), DeletionRequest.requested_at <= now - DELETION_GRACE
                )
            ).scalars()
        )
        with tracker_engine(tracker_store_url, read_only=False).begin() as connection:
            events = delete_conversations(
                connection=connection, sender_ids=[r.conversation_id for r in due], now=now.timestamp()
            )
        if due:
            session.execute(
                update(DeletionRequest).where(DeletionRequest.id.in_([r.id for r in due])).values(completed_at=now)
            )
    return PurgeReport(len(due), events)


def purge(
    database_url: str, tracker_store_url: str, *, retention_days: int, now: dt.datetime | None = None
) -> PurgeReport:
    """`purge_requested`, and everything older than `retention_days`."""
    now = now or utcnow()
    requested = purge_requested(database_url, tracker_store_url, now=now)
    cutoff = now - dt.timedelta(days=retention_days)
    with session_scope(database_url) as session:
        old_bookings = list(session.execute(select(Booking).where(Booking.created_at < cutoff)).scalars())
        for booking in old_bookings:
            session.delete(booking)
        handoffs = session.execute(delete(Handoff).where(Handoff.created_at < cutoff)).rowcount
        session.execute(delete(StaffNote).where(StaffNote.created_at < cutoff))
        with tracker_engine(tracker_store_url, read_only=False).begin() as connection:
            events = delete_old_events(connection=connection, before=cutoff.timestamp())
    return PurgeReport(requested.transcripts_deleted, requested.events_deleted + events, len(old_bookings), handoffs)


def main() -> int:
    settings = get_settings()
    report = purge(settings.database_url, settings.tracker_store_url, retention_days=settings.retention_days)
    print(
        f"Purged (retention {settings.retention_days} days): {report.transcripts_deleted} transcripts deleted on "
        f"request, {report.events_deleted} tracker events, {report.bookings_deleted} bookings, "
        f"{report.handoffs_deleted} handoffs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
