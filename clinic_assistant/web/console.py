"""The staff console: a Flask blueprint under /staff (server-rendered pages, a little JSON).

Pages: log-in, the handoff queue, a conversation (transcript, bookings, take over / reply / hand
back / resolve), bookings (filter, status, CSV), transcript search, the audit log. Every page but
the log-in needs a session (console_auth.py, console_common.guard); every POST needs the session's
CSRF token. The queue and conversation pages poll /staff/api/* (static/staff/console.js).
Bookings, transcript search and the audit log are in console_records.py.

Handoff states as the console uses them:
- open: waiting for a person;
- claimed (claimed_by): a person owns it. "Take over" claims it, says the person has joined and
  pauses the bot. "Hand back to bot" says the person has left and resumes the bot, but the handoff
  stays claimed by its owner (recorded as hand_back in the audit log): it is still their case and
  stays in the queue until someone resolves it. Whether the bot is paused right now is read from
  the tracker store (the latest pause/resume event), not stored twice.
- resolved (resolved_at, resolution_note): closed with a note; if the bot is still paused, resolving
  says the person has left and resumes the bot first.
All unresolved handoffs of one conversation are claimed and resolved together.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from flask import Response, flash, jsonify, redirect, render_template, request, url_for

from clinic_assistant.console.transcripts import EntryKind, is_paused, read_transcript, transcript_as_text
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.handoffs import open_handoffs
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus, as_utc, utcnow
from clinic_assistant.db.staff import LoginOutcome, authenticate, end_sessions, get_staff_user_by_id
from clinic_assistant.web import console_records  # noqa: F401  (registers the bookings, transcripts and audit pages)
from clinic_assistant.web import console_store as store
from clinic_assistant.web.console_auth import current_staff, end_session, start_session
from clinic_assistant.web.console_common import (
    REASON_LABELS,
    audit_event,
    bp,
    check_conversation_id,
    clinic_tz,
    db,
    local_time,
    rasa,
    safe_next,
    tracker_url,
    waiting_label,
    wants_json,
)

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000


# ------------------------------------------------------------------------------------------------
# Log-in and log-out
# ------------------------------------------------------------------------------------------------


@bp.get("/login")
def login():
    return render_template("staff/login.html", next=safe_next(request.args.get("next")), error=None, username="")


@bp.post("/login")
def login_post():
    username = request.form.get("username", "")[:128]
    password = request.form.get("password", "")[:1024]
    target = safe_next(request.form.get("next"))
    with db() as session:
        result = authenticate(session=session, username=username, password=password)
        user = result.user
        if result.outcome is LoginOutcome.OK:
            record(session=session, action=AuditAction.LOGIN, staff_username=user.username)
        else:
            detail = "wrong password" if user else "unknown username"
            if result.outcome is LoginOutcome.LOCKED:
                detail = "locked"
            record(
                session=session,
                action=AuditAction.LOGIN_FAILED,
                staff_username=user.username if user else None,
                detail=detail,
            )
    if result.outcome is LoginOutcome.OK:
        start_session(user)
        return redirect(target)
    if result.outcome is LoginOutcome.LOCKED:
        error, status = "Too many attempts; try again later.", 429
    else:
        error, status = "Invalid username or password.", 401
    return render_template("staff/login.html", next=target, error=error, username=username.strip()), status


@bp.get("/logout")
def logout():
    return render_template("staff/logout.html")


@bp.post("/logout")
def logout_post():
    staff = current_staff()
    with db() as session:
        user = get_staff_user_by_id(session=session, user_id=staff.id)
        if user is not None:
            end_sessions(session=session, user=user)
        record(session=session, action=AuditAction.LOGOUT, staff_username=staff.username)
    end_session()
    flash("You have logged out.", "info")
    return redirect(url_for("staff.login"))


# ------------------------------------------------------------------------------------------------
# Queue
# ------------------------------------------------------------------------------------------------


def handoff_row(handoff: Handoff, now: dt.datetime) -> dict[str, Any]:
    created = as_utc(handoff.created_at)
    waiting = max(0, int((now - created).total_seconds()))
    reason = HandoffReason(handoff.reason).value
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "reason": reason,
        "reason_label": REASON_LABELS.get(reason, reason),
        "risk_category": handoff.risk_category,
        "severity": handoff.severity,
        "status": HandoffStatus(handoff.status).value,
        "claimed_by": handoff.claimed_by,
        "callback_requested": bool(getattr(handoff, "callback_phone", None)),
        "created_at": created.isoformat(),
        "created_label": local_time(created),
        "waiting_seconds": waiting,
        "waiting_label": waiting_label(waiting),
        "url": url_for("staff.conversation", conversation_id=handoff.conversation_id),
    }


def _queue_rows() -> list[dict[str, Any]]:
    now = utcnow()
    with db() as session:
        return [handoff_row(h, now) for h in open_handoffs(session=session)]


@bp.get("/")
def queue():
    rows = _queue_rows()
    audit_event(AuditAction.VIEW_QUEUE, f"handoffs={len(rows)}")
    crisis_ids = [r["id"] for r in rows if r["reason"] == HandoffReason.CRISIS.value]
    waiting_crises = [r for r in rows if r["reason"] == HandoffReason.CRISIS.value and r["status"] == "open"]
    return render_template("staff/queue.html", rows=rows, crisis_ids=crisis_ids, waiting_crises=waiting_crises)


@bp.get("/api/queue")
def api_queue():
    return jsonify(handoffs=_queue_rows(), now=utcnow().isoformat())


# ------------------------------------------------------------------------------------------------
# Conversation
# ------------------------------------------------------------------------------------------------


def _handoff_state(handoffs: list[Handoff]) -> dict[str, Any]:
    active = [h for h in handoffs if h.status != HandoffStatus.RESOLVED]
    claimed_by = sorted({h.claimed_by for h in active if h.status == HandoffStatus.CLAIMED and h.claimed_by})
    if not active:
        status = "resolved" if handoffs else "none"
    else:
        status = "claimed" if claimed_by else "open"
    return {"status": status, "claimed_by": claimed_by, "handoff_ids": [h.id for h in active]}


@bp.get("/conversations/<conversation_id>")
def conversation(conversation_id: str):
    check_conversation_id(conversation_id)
    entries = read_transcript(tracker_url(), conversation_id)
    paused = is_paused(tracker_url(), conversation_id)
    staff = current_staff()
    with db() as session:
        handoffs = store.handoffs_of(session=session, conversation_id=conversation_id)
        bookings = store.bookings_of(session=session, conversation_id=conversation_id)
        record(
            session=session, action=AuditAction.VIEW_CONVERSATION, staff_username=staff.username,
            detail=f"conversation={conversation_id}",
        )
    state = _handoff_state(handoffs)
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
        EntryKind=EntryKind,
    )


@bp.get("/api/conversations/<conversation_id>/events")
def api_conversation_events(conversation_id: str):
    check_conversation_id(conversation_id)
    after = max(0, request.args.get("after", default=0, type=int) or 0)
    entries = read_transcript(tracker_url(), conversation_id, after_id=after)
    with db() as session:
        state = _handoff_state(store.handoffs_of(session=session, conversation_id=conversation_id))
    return jsonify(
        entries=[e.as_json(clinic_tz()) for e in entries],
        last_event_id=max([after, *(e.event_id for e in entries)]),
        bot_paused=is_paused(tracker_url(), conversation_id),
        handoff=state,
    )


@bp.get("/conversations/<conversation_id>.txt")
def conversation_text(conversation_id: str):
    check_conversation_id(conversation_id)
    entries = read_transcript(tracker_url(), conversation_id)
    audit_event(AuditAction.EXPORT_TRANSCRIPT, f"conversation={conversation_id}; entries={len(entries)}")
    text = transcript_as_text(entries, conversation_id=conversation_id, tz=clinic_tz())
    filename = "transcript-" + re.sub(r"[^A-Za-z0-9._-]", "_", conversation_id)[:80] + ".txt"
    return Response(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _done(conversation_id: str, message: str, *, ok: bool = True, status: int = 200):
    """After a conversation action: JSON for fetch(), otherwise a message and back to the page."""
    if wants_json():
        return jsonify(ok=ok, message=message), (200 if ok else status)
    flash(message, "info" if ok else "error")
    return redirect(url_for("staff.conversation", conversation_id=conversation_id))


ASSISTANT_FAILED = "The assistant did not accept the request, so nothing was changed. Try again in a moment."


@bp.post("/conversations/<conversation_id>/take-over")
def take_over(conversation_id: str):
    check_conversation_id(conversation_id)
    staff = current_staff()
    with db() as session:
        active = store.active_handoffs(session=session, conversation_id=conversation_id)
        if not active:
            return _done(conversation_id, "This conversation has no open handoff to take over.", ok=False, status=409)
        ids = ",".join(str(h.id) for h in active)
        try:
            rasa().staff_joined(conversation_id, staff.display_name)
            rasa().pause(conversation_id)
        except Exception:
            log.exception("Take over of %s failed", conversation_id)
            record(
                session=session, action=AuditAction.TAKE_OVER, staff_username=staff.username,
                detail=f"conversation={conversation_id}; handoffs={ids}; failed: assistant unreachable",
            )
            return _done(conversation_id, ASSISTANT_FAILED, ok=False, status=502)
        previous = sorted({h.claimed_by for h in active if h.claimed_by and h.claimed_by != staff.username})
        store.claim(session=session, handoffs=active, staff_username=staff.username)
        detail = f"conversation={conversation_id}; handoffs={ids}"
        if previous:
            detail += f"; previously claimed by {','.join(previous)}"
        record(session=session, action=AuditAction.TAKE_OVER, staff_username=staff.username, detail=detail)
    return _done(conversation_id, "You have taken over: the assistant is paused and the visitor was told you joined.")


@bp.post("/conversations/<conversation_id>/hand-back")
def hand_back(conversation_id: str):
    check_conversation_id(conversation_id)
    staff = current_staff()
    with db() as session:
        active = store.active_handoffs(session=session, conversation_id=conversation_id)
        if not active:
            return _done(conversation_id, "This conversation has no open handoff.", ok=False, status=409)
        ids = ",".join(str(h.id) for h in active)
        try:
            rasa().staff_left(conversation_id, staff.display_name)
            rasa().resume(conversation_id)
        except Exception:
            log.exception("Hand back of %s failed", conversation_id)
            return _done(conversation_id, ASSISTANT_FAILED, ok=False, status=502)
        owners = sorted({h.claimed_by for h in active if h.claimed_by})
        record(
            session=session, action=AuditAction.HAND_BACK, staff_username=staff.username,
            detail=f"conversation={conversation_id}; handoffs={ids}; stays claimed by {','.join(owners) or 'nobody'}",
        )
    return _done(
        conversation_id,
        "The assistant answers again. The handoff stays in the queue, claimed, until someone resolves it.",
    )


@bp.post("/conversations/<conversation_id>/resolve")
def resolve(conversation_id: str):
    check_conversation_id(conversation_id)
    staff = current_staff()
    note = request.form.get("note", "").strip()
    if not note:
        return _done(conversation_id, "Write a short note on how it was resolved.", ok=False, status=400)
    if len(note) > store.MAX_NOTE_CHARS:
        message = f"The note is longer than {store.MAX_NOTE_CHARS} characters."
        return _done(conversation_id, message, ok=False, status=400)
    paused = is_paused(tracker_url(), conversation_id)
    with db() as session:
        active = store.active_handoffs(session=session, conversation_id=conversation_id)
        if not active:
            return _done(conversation_id, "This conversation has no open handoff to resolve.", ok=False, status=409)
        ids = ",".join(str(h.id) for h in active)
        if paused:
            try:
                rasa().staff_left(conversation_id, staff.display_name)
                rasa().resume(conversation_id)
            except Exception:
                log.exception("Resume on resolving %s failed", conversation_id)
                return _done(conversation_id, ASSISTANT_FAILED, ok=False, status=502)
        store.resolve(session=session, handoffs=active, note=note)
        detail = f"conversation={conversation_id}; handoffs={ids}" + ("; bot resumed" if paused else "")
        record(session=session, action=AuditAction.RESOLVE, staff_username=staff.username, detail=detail)
    return _done(conversation_id, "Resolved." + (" The assistant answers again." if paused else ""))


@bp.post("/conversations/<conversation_id>/messages")
def send_message(conversation_id: str):
    check_conversation_id(conversation_id)
    staff = current_staff()
    text = request.form.get("text", "").strip()
    if not text:
        return _done(conversation_id, "Write a message first.", ok=False, status=400)
    if len(text) > MAX_MESSAGE_CHARS:
        return _done(conversation_id, f"A message has at most {MAX_MESSAGE_CHARS} characters.", ok=False, status=400)
    with db() as session:
        active = store.active_handoffs(session=session, conversation_id=conversation_id)
        if not any(h.status == HandoffStatus.CLAIMED and h.claimed_by == staff.username for h in active):
            return _done(conversation_id, "Take over the conversation before you reply.", ok=False, status=409)
        try:
            rasa().send_staff_message(conversation_id, text, staff.display_name)
        except Exception:
            log.exception("Staff message to %s failed", conversation_id)
            return _done(conversation_id, "The message could not be sent. Try again in a moment.", ok=False, status=502)
        record(
            session=session, action=AuditAction.SEND_MESSAGE, staff_username=staff.username,
            detail=f"conversation={conversation_id}; chars={len(text)}",
        )
    return _done(conversation_id, "Sent.")


