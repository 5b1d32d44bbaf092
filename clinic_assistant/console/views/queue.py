"""The handoff queue: crises first, then the longest waiting, 50 to a page; the page polls
/staff/api/queue?page=N (static/staff/console.js) and raises a banner and a tone for a new crisis.

Below the live table, each handoff of the page shows the visitor's last message with the risk
evidence marked, and an "Assign to me" button that claims it without joining the chat.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.handoff_service import HandoffOutcome, HandoffService
from clinic_assistant.console.request_helpers import (
    REASON_LABELS,
    audit_event,
    check_conversation_id,
    db,
    local_time,
    rasa,
    settings,
    tracker_url,
    waiting_label,
)
from clinic_assistant.console.transcripts import TranscriptEntry, highlight, last_visitor_messages
from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.handoffs import count_open_handoffs, open_handoffs
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus, as_utc, utcnow

PAGE_SIZE = 50
ASSIGN_MESSAGES = {
    HandoffOutcome.ASSIGNED: "Assigned to you. The assistant keeps answering until you take over.",
    HandoffOutcome.ASSIGNED_FROM_COLLEAGUE: "Assigned to you (it was a colleague's). The assistant keeps answering "
                                            "until you take over.",
    HandoffOutcome.NO_OPEN_HANDOFF: "This conversation has no open handoff any more.",
}


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/", view_func=queue, methods=["GET"])
    blueprint.add_url_rule("/api/queue", view_func=api_queue, methods=["GET"])
    blueprint.add_url_rule("/conversations/<conversation_id>/assign", view_func=assign, methods=["POST"])


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
        "evidence": [str(e) for e in handoff.evidence or []],
    }


@dataclass(frozen=True)
class QueuePage:
    rows: list[dict[str, Any]]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first_position(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1


def _page_number() -> int:
    return max(1, request.args.get("page", default=1, type=int) or 1)


def _queue_page(number: int) -> QueuePage:
    now = utcnow()
    with db() as session:
        total = count_open_handoffs(session=session)
        # Past the last page (the queue shrank meanwhile): show the last one.
        number = min(number, max(1, -(-total // PAGE_SIZE)))
        rows = [handoff_row(h, now) for h in open_handoffs(session=session, limit=PAGE_SIZE,
                                                           offset=(number - 1) * PAGE_SIZE)]
    return QueuePage(rows, number, total)


def _last_message(entry: TranscriptEntry | None, handoff_evidence: list[str]) -> list[tuple[str, bool]]:
    """The message cut into (piece, is_evidence): the message's own evidence and the handoff's."""
    if entry is None:
        return []
    return highlight(entry.text, [*entry.evidence, *handoff_evidence])


def queue():
    page = _queue_page(_page_number())
    messages = last_visitor_messages(tracker_url(), {r["conversation_id"] for r in page.rows})
    for row in page.rows:
        row["last_message"] = _last_message(messages.get(row["conversation_id"]), row["evidence"])
    audit_event(AuditAction.VIEW_QUEUE, f"handoffs={len(page.rows)}; page={page.number}")
    crisis_ids = [r["id"] for r in page.rows if r["reason"] == HandoffReason.CRISIS.value]
    waiting_crises = [r for r in page.rows if r["reason"] == HandoffReason.CRISIS.value and r["status"] == "open"]
    return render_template("staff/queue.html", rows=page.rows, page=page, page_size=PAGE_SIZE, crisis_ids=crisis_ids,
                           waiting_crises=waiting_crises)


def api_queue():
    """Polled by the page, the same page of the queue: not audited (the page view is)."""
    page = _queue_page(_page_number())
    return jsonify(handoffs=page.rows, page=page.number, pages=page.pages, total=page.total,
                   now=utcnow().isoformat())


def assign(conversation_id: str):
    check_conversation_id(conversation_id)
    service = HandoffService(database_url=settings().database_url, tracker_store_url=tracker_url(), rasa=rasa())
    outcome = service.assign(conversation_id, current_staff())
    flash(ASSIGN_MESSAGES[outcome], "error" if outcome is HandoffOutcome.NO_OPEN_HANDOFF else "info")
    page = request.form.get("page", type=int) or 1
    return redirect(url_for("staff.queue", page=page) if page > 1 else url_for("staff.queue"))
