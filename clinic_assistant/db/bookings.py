"""Store functions for bookings. Callers pass their own session (keyword-only)."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from clinic_assistant.db.models import Booking, BookingStatus, ScreeningAnswer

# No 0/O, 1/I/L: a reference read out over the phone should survive it.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6


def new_reference() -> str:
    """A reference with at least one letter and one digit, so that it never reads as a word
    ("CANCEL") or a number, and the chat can pick it out of "it's k7m2qx"."""
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if any(c.isdigit() for c in reference) and any(c.isalpha() for c in reference):
            return reference


def create_booking(
    *,
    session: Session,
    conversation_id: str,
    full_name: str,
    contact_kind: str,
    contact_value: str,
    preferred_start: dt.datetime,
    preferred_window: str | None,
    preferred_label: str,
    is_adult: bool,
    contact_consent: bool,
    screening: Mapping[str, bool] = {},
) -> Booking:
    reference = new_reference()
    while session.execute(select(Booking.id).where(Booking.reference == reference)).first():
        reference = new_reference()
    booking = Booking(
        reference=reference,
        conversation_id=conversation_id,
        full_name=full_name,
        contact_kind=contact_kind,
        contact_value=contact_value,
        preferred_start=preferred_start,
        preferred_window=preferred_window,
        preferred_label=preferred_label,
        is_adult=is_adult,
        contact_consent=contact_consent,
        status=BookingStatus.NEW,
        screening_answers=[ScreeningAnswer(question=q, answer=a) for q, a in screening.items()],
    )
    session.add(booking)
    session.flush()
    return booking


def find_booking(*, session: Session, reference: str, contact_value: str) -> Booking | None:
    """The booking with this reference, only if the contact detail matches too."""
    query = select(Booking).where(
        Booking.reference == reference.strip().upper(),
        func.lower(Booking.contact_value) == contact_value.strip().lower(),
    )
    return session.execute(query).scalar_one_or_none()


def cancel_booking(*, session: Session, booking: Booking) -> None:
    booking.status = BookingStatus.CANCELLED
    session.flush()


def reschedule_booking(
    *, session: Session, booking: Booking, preferred_start: dt.datetime, preferred_window: str | None, label: str
) -> None:
    booking.preferred_start = preferred_start
    booking.preferred_window = preferred_window
    booking.preferred_label = label
    booking.status = BookingStatus.NEW
    session.flush()


# ------------------------------------------------------------------------------------------------
# For the staff console
# ------------------------------------------------------------------------------------------------


def _contains_pattern(text: str) -> str:
    """A LIKE pattern (escape character backslash) matching values that contain `text`."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_bookings(
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
        pattern = _contains_pattern(text)
        query = query.where(
            or_(Booking.reference.ilike(pattern, escape="\\"), Booking.full_name.ilike(pattern, escape="\\"))
        )
    query = query.order_by(Booking.created_at.desc(), Booking.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def booking_by_reference(*, session: Session, reference: str) -> Booking | None:
    """The booking with this reference, whatever its contact detail (staff look it up)."""
    query = (
        select(Booking)
        .options(selectinload(Booking.screening_answers))
        .where(Booking.reference == reference.strip().upper())
    )
    return session.execute(query).scalar_one_or_none()


def bookings_of(*, session: Session, conversation_id: str) -> list[Booking]:
    """The conversation's bookings, oldest first."""
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
