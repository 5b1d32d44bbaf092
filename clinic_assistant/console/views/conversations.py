"""A conversation: its transcript (page, live events API, text export), its handoffs and bookings,
and the staff actions on it (take over, reply, hand back, resolve), which go through the handoff
service (clinic_assistant/console/handoff_service.py). The page polls
/staff/api/conversations/<id>/events for new entries (static/staff/console.js)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.handoff_service import HandoffOutcome, HandoffService
from clinic_assistant.console.request_helpers import (
    CLINIC_CONFIG_KEY,
    audit_event,
    check_conversation_id,
    clinic_tz,
    db,
    rasa,
    settings,
    tracker_url,
    wants_json,
)
from clinic_assistant.console.transcripts import EntryKind, is_paused, read_transcript, transcript_as_text
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.bookings import bookings_of
from clinic_assistant.db.handoffs import MAX_NOTE_CHARS, handoffs_of
from clinic_assistant.db.models import Handoff, HandoffStatus
from clinic_assistant.db.notes import notes_of_conversation
from clinic_assistant.references import conversation_ref

MAX_MESSAGE_CHARS = 2000
ASSISTANT_FAILED = "The assistant did not accept the request, so nothing was changed. Try again in a moment."


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/conversations/<conversation_id>", view_func=conversation, methods=["GET"])
    blueprint.add_url_rule(
        "/api/conversations/<conversation_id>/events", view_func=api_conversation_events, methods=["GET"]
    )
    blueprint.add_url_rule("/conversations/<conversation_id>.txt", view_func=conversation_text, methods=["GET"])
    blueprint.add_url_rule("/conversations/<conversation_id>/take-over", view_func=take_over, methods=["POST"])
    blueprint.add_url_rule("/conversations/<conversation_id>/messages", view_func=send_message, methods=["POST"])
    blueprint.add_url_rule("/conversations/<conversation_id>/hand-back", view_func=hand_back, methods=["POST"])
    blueprint.add_url_rule("/conversations/<conversation_id>/resolve", view_func=resolve, methods=["POST"])


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------


def _handoff_state(handoffs: list[Handoff]) -> dict[str, Any]:
    active = [h for h in handoffs if h.status != HandoffStatus.RESOLVED]
    claimed_by = sorted({h.claimed_by for h in active if h.status == HandoffStatus.CLAIMED and h.claimed_by})
    if not active:
        status = "resolved" if handoffs else "none"
    else:
        status = "claimed" if claimed_by else "open"
    return {"status": status, "claimed_by": claimed_by, "handoff_ids": [h.id for h in active]}


def conversation(conversation_id: str):
    check_conversation_id(conversation_id)
    entries = read_transcript(tracker_url(), conversation_id)
    paused = is_paused(tracker_url(), conversation_id)
    staff = current_staff()
    with db() as session:
        handoffs = handoffs_of(session=session, conversation_id=conversation_id)
        bookings = bookings_of(session=session, conversation_id=conversation_id)
        notes = notes_of_conversation(session=session, conversation_id=conversation_id)
        record(
            session=session, action=AuditAction.VIEW_CONVERSATION, staff_username=staff.username,
            detail=f"conversation={conversation_ref(conversation_id)}",
        )
    state = _handoff_state(handoffs)
    clinic = current_app.extensions[CLINIC_CONFIG_KEY]
    # "Insert a saved reply" reloads the page with ?reply=<key>: the box is filled, no script needed.
    chosen_reply = clinic.canned_reply(request.args.get("reply", ""))
    return render_template(
        "staff/conversation.html",
        conversation_id=conversation_id,
        entries=entries,
        last_event_id=max((e.event_id for e in entries), default=0),
        handoffs=handoffs,
        state=state,
        active=bool(state["handoff_ids"]),
        claimed_by_me=staff.username in state["claimed_by"],
        paused=paused,
        bookings=bookings,
        notes=notes,
        note_action=url_for("staff.conversation_note", conversation_id=conversation_id),
        canned_replies=clinic.canned_replies,
        chosen_reply=chosen_reply,
        EntryKind=EntryKind,
    )


def api_conversation_events(conversation_id: str):
    """Polled by the page: entries newer than `after`, the bot's state, the handoffs' state."""
    check_conversation_id(conversation_id)
    after = max(0, request.args.get("after", default=0, type=int) or 0)
    entries = read_transcript(tracker_url(), conversation_id, after_id=after)
    with db() as session:
        state = _handoff_state(handoffs_of(session=session, conversation_id=conversation_id))
    return jsonify(
        entries=[e.as_json(clinic_tz()) for e in entries],
        last_event_id=max([after, *(e.event_id for e in entries)]),
        bot_paused=is_paused(tracker_url(), conversation_id),
        handoff=state,
    )


def conversation_text(conversation_id: str):
    check_conversation_id(conversation_id)
    entries = read_transcript(tracker_url(), conversation_id)
    reference = conversation_ref(conversation_id)
    audit_event(AuditAction.EXPORT_TRANSCRIPT, f"conversation={reference}; entries={len(entries)}")
    text = transcript_as_text(entries, conversation_id=conversation_id, tz=clinic_tz())
    filename = f"transcript-{reference}.txt"  # the file name travels further than the file
    return Response(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ------------------------------------------------------------------------------------------------
# Staff actions
# ------------------------------------------------------------------------------------------------

# What staff are told after each outcome, and the HTTP status of a refusal.
DONE_MESSAGES = {
    HandoffOutcome.TAKEN_OVER: "You have taken over: the assistant is paused and the visitor was told you joined.",
    HandoffOutcome.TAKEN_OVER_FROM_COLLEAGUE: (
        "You have taken over: the assistant is paused and the visitor was told you joined."
    ),
    HandoffOutcome.REPLY_SENT: "Sent.",
    HandoffOutcome.HANDED_BACK: (
        "The assistant answers again. The handoff stays in the queue, claimed, until someone resolves it."
    ),
    HandoffOutcome.RESOLVED: "Resolved.",
    HandoffOutcome.RESOLVED_AND_BOT_RESUMED: "Resolved. The assistant answers again.",
}
REFUSAL_STATUS = {
    HandoffOutcome.NO_OPEN_HANDOFF: 409,
    HandoffOutcome.NOT_CLAIMED_BY_YOU: 409,
    HandoffOutcome.ASSISTANT_UNREACHABLE: 502,
}


def _handoff_service() -> HandoffService:
    return HandoffService(database_url=settings().database_url, tracker_store_url=tracker_url(), rasa=rasa())


def _done(conversation_id: str, message: str, *, ok: bool = True, status: int = 200):
    """After a conversation action: JSON for fetch(), otherwise a message and back to the page."""
    if wants_json():
        return jsonify(ok=ok, message=message), (200 if ok else status)
    flash(message, "info" if ok else "error")
    return redirect(url_for("staff.conversation", conversation_id=conversation_id))


def _answer(conversation_id: str, outcome: HandoffOutcome, *, refusals: dict[HandoffOutcome, str]):
    if outcome.succeeded:
        return _done(conversation_id, DONE_MESSAGES[outcome])
    return _done(conversation_id, refusals[outcome], ok=False, status=REFUSAL_STATUS[outcome])


def take_over(conversation_id: str):
    check_conversation_id(conversation_id)
    outcome = _handoff_service().take_over(conversation_id, current_staff())
    return _answer(conversation_id, outcome, refusals={
        HandoffOutcome.NO_OPEN_HANDOFF: "This conversation has no open handoff to take over.",
        HandoffOutcome.ASSISTANT_UNREACHABLE: ASSISTANT_FAILED,
    })


def send_message(conversation_id: str):
    check_conversation_id(conversation_id)
    text = request.form.get("text", "").strip()
    if not text:
        return _done(conversation_id, "Write a message first.", ok=False, status=400)
    if len(text) > MAX_MESSAGE_CHARS:
        return _done(conversation_id, f"A message has at most {MAX_MESSAGE_CHARS} characters.", ok=False, status=400)
    outcome = _handoff_service().send_reply(conversation_id, current_staff(), text)
    return _answer(conversation_id, outcome, refusals={
        HandoffOutcome.NOT_CLAIMED_BY_YOU: "Take over the conversation before you reply.",
        HandoffOutcome.ASSISTANT_UNREACHABLE: "The message could not be sent. Try again in a moment.",
    })


def hand_back(conversation_id: str):
    check_conversation_id(conversation_id)
    outcome = _handoff_service().hand_back(conversation_id, current_staff())
    return _answer(conversation_id, outcome, refusals={
        HandoffOutcome.NO_OPEN_HANDOFF: "This conversation has no open handoff.",
        HandoffOutcome.ASSISTANT_UNREACHABLE: ASSISTANT_FAILED,
    })


def resolve(conversation_id: str):
    check_conversation_id(conversation_id)
    note = request.form.get("note", "").strip()
    if not note:
        return _done(conversation_id, "Write a short note on how it was resolved.", ok=False, status=400)
    if len(note) > MAX_NOTE_CHARS:
        return _done(conversation_id, f"The note is longer than {MAX_NOTE_CHARS} characters.", ok=False, status=400)
    outcome = _handoff_service().resolve(conversation_id, current_staff(), note)
    return _answer(conversation_id, outcome, refusals={
        HandoffOutcome.NO_OPEN_HANDOFF: "This conversation has no open handoff to resolve.",
        HandoffOutcome.ASSISTANT_UNREACHABLE: ASSISTANT_FAILED,
    })
