"""Private notes by staff on a conversation or a booking: added here, shown on both pages.
Each note is audited (who, which record, how long; never its words)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import check_conversation_id, db
from clinic_assistant.db.bookings import booking_by_reference
from clinic_assistant.db.notes import NoteError, add_note


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/conversations/<conversation_id>/notes", view_func=conversation_note, methods=["POST"])
    blueprint.add_url_rule("/bookings/<reference>/notes", view_func=booking_note, methods=["POST"])


def _saved(error: NoteError | None) -> None:
    flash(str(error) if error else "Note saved.", "error" if error else "info")


def conversation_note(conversation_id: str):
    check_conversation_id(conversation_id)
    error = None
    try:
        with db() as session:
            add_note(session=session, conversation_id=conversation_id, staff_username=current_staff().username,
                     text=request.form.get("note", ""))
    except NoteError as refused:
        error = refused
    _saved(error)
    return redirect(url_for("staff.conversation", conversation_id=conversation_id) + "#notes-heading")


def booking_note(reference: str):
    error = None
    try:
        with db() as session:
            booking = booking_by_reference(session=session, reference=reference[:12])
            if booking is None:
                abort(404)
            add_note(session=session, conversation_id=booking.conversation_id, booking=booking,
                     staff_username=current_staff().username, text=request.form.get("note", ""))
            reference = booking.reference
    except NoteError as refused:
        error = refused
    _saved(error)
    return redirect(url_for("staff.booking", reference=reference) + "#notes-heading")
