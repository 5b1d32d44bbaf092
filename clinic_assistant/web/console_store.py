"""The console's queries and changes on handoffs and bookings. Callers pass their own session.

(They live beside the console rather than in clinic_assistant/db/handoffs.py and bookings.py
because only the console uses them; they follow the same rules as those store functions.)
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from clinic_assistant.db.models import Booking, BookingStatus, Handoff, HandoffReason, HandoffStatus, utcnow

MAX_NOTE_CHARS = 2000


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ------------------------------------------------------------------------------------------------
# Handoffs
# ------------------------------------------------------------------------------------------------


def handoffs_of(*, session: Session, conversation_id: str) -> list[Handoff]:
    """Every handoff of the conversation, newest first."""
    query = (
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
    )
    return list(session.execute(query).scalars())


def active_handoffs(*, session: Session, conversation_id: str) -> list[Handoff]:
    """The conversation's unresolved handoffs (one conversation can have several: a request for
    staff, then a crisis); the console claims and resolves them together."""
    handoffs = handoffs_of(session=session, conversation_id=conversation_id)
    return [h for h in handoffs if h.status != HandoffStatus.RESOLVED]


def claim(*, session: Session, handoffs: Collection[Handoff], staff_username: str) -> None:
    for handoff in handoffs:
        handoff.status = HandoffStatus.CLAIMED
        handoff.claimed_by = staff_username
    session.flush()


def resolve(*, session: Session, handoffs: Collection[Handoff], note: str, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    for handoff in handoffs:
        handoff.status = HandoffStatus.RESOLVED
        handoff.resolved_at = now
        handoff.resolution_note = note[:MAX_NOTE_CHARS]
    session.flush()


def conversations_with_handoffs(
    *, session: Session, reason: HandoffReason | None = None, status: HandoffStatus | None = None
) -> set[str]:
    """Ids of conversations with at least one handoff matching the reason and status (when given)."""
    query = select(Handoff.conversation_id).distinct()
    if reason is not None:
        query = query.where(Handoff.reason == reason)
    if status is not None:
        query = query.where(Handoff.status == status)
    return set(session.execute(query).scalars())


def handoffs_by_conversation(*, session: Session, conversation_ids: Collection[str]) -> dict[str, list[Handoff]]:
    if not conversation_ids:
        return {}
    query = (
        select(Handoff)
        .where(Handoff.conversation_id.in_(list(conversation_ids)))
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
    )
    grouped: dict[str, list[Handoff]] = {}
    for handoff in session.execute(query).scalars():
        grouped.setdefault(handoff.conversation_id, []).append(handoff)
    return grouped


# ------------------------------------------------------------------------------------------------
# Bookings
# ------------------------------------------------------------------------------------------------


def find_bookings(
    *,
    session: Session,
    status: BookingStatus | None = None,
    created_from: dt.datetime | None = None,
    created_to: dt.datetime | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> list[Booking]:
    """Bookings, newest first, filtered by status, creation time [from, to) and a text that the
    reference or the name contains (case-insensitive)."""
    query = select(Booking).options(selectinload(Booking.screening_answers))
    if status is not None:
        query = query.where(Booking.status == status)
    if created_from is not None:
        query = query.where(Booking.created_at >= created_from)
    if created_to is not None:
        query = query.where(Booking.created_at < created_to)
    if text and text.strip():
        pattern = _like(text)
        query = query.where(
            or_(Booking.reference.ilike(pattern, escape="\\"), Booking.full_name.ilike(pattern, escape="\\"))
        )
    query = query.order_by(Booking.created_at.desc(), Booking.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def booking_by_reference(*, session: Session, reference: str) -> Booking | None:
    query = (
        select(Booking)
        .options(selectinload(Booking.screening_answers))
        .where(Booking.reference == reference.strip().upper())
    )
    return session.execute(query).scalar_one_or_none()


def bookings_of(*, session: Session, conversation_id: str) -> list[Booking]:
    query = (
        select(Booking)
        .options(selectinload(Booking.screening_answers))
        .where(Booking.conversation_id == conversation_id)
        .order_by(Booking.created_at, Booking.id)
    )
    return list(session.execute(query).scalars())


def set_booking_status(*, session: Session, booking: Booking, status: BookingStatus) -> None:
    booking.status = status
    session.flush()
