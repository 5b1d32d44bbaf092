"""Store functions for staff's private notes. Callers pass their own session (keyword-only).

Adding a note writes an audit event naming the conversation or booking and the note's length,
never its words (a note may hold personal details).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.models import Booking, StaffNote
from clinic_assistant.references import conversation_ref

MAX_NOTE_CHARS = 2000


class NoteError(ValueError):
    """A note the rules refuse; the message says why (shown to staff)."""


def add_note(
    *, session: Session, conversation_id: str, staff_username: str, text: str, booking: Booking | None = None
) -> StaffNote:
    text = text.strip()
    if not text:
        raise NoteError("Write the note first.")
    if len(text) > MAX_NOTE_CHARS:
        raise NoteError(f"A note has at most {MAX_NOTE_CHARS} characters.")
    note = StaffNote(conversation_id=conversation_id, booking_id=booking.id if booking else None,
                     staff_username=staff_username, text=text)
    session.add(note)
    session.flush()
    subject = f"booking={booking.reference}" if booking else f"conversation={conversation_ref(conversation_id)}"
    record(session=session, action=AuditAction.ADD_NOTE, staff_username=staff_username,
           detail=f"{subject}; note={note.id}; chars={len(text)}")
    return note


def notes_of_conversation(*, session: Session, conversation_id: str) -> list[StaffNote]:
    """Every note on the conversation and its bookings, oldest first."""
    query = select(StaffNote).where(StaffNote.conversation_id == conversation_id).order_by(StaffNote.id)
    return list(session.execute(query).scalars())


def notes_of_booking(*, session: Session, booking: Booking) -> list[StaffNote]:
    """The booking's notes and those on its conversation, oldest first."""
    query = (
        select(StaffNote)
        .where(StaffNote.conversation_id == booking.conversation_id)
        .where((StaffNote.booking_id == booking.id) | StaffNote.booking_id.is_(None))
        .order_by(StaffNote.id)
    )
    return list(session.execute(query).scalars())
