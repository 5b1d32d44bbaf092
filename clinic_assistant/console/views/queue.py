"""The handoff queue: crises first, then the longest waiting; the page polls /staff/api/queue
(static/staff/console.js) and raises a banner and a tone for a new crisis."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, render_template, url_for

from clinic_assistant.console.request_helpers import REASON_LABELS, audit_event, db, local_time, waiting_label
from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.handoffs import open_handoffs
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus, as_utc, utcnow


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/", view_func=queue, methods=["GET"])
    blueprint.add_url_rule("/api/queue", view_func=api_queue, methods=["GET"])


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


def queue():
    rows = _queue_rows()
    audit_event(AuditAction.VIEW_QUEUE, f"handoffs={len(rows)}")
    crisis_ids = [r["id"] for r in rows if r["reason"] == HandoffReason.CRISIS.value]
    waiting_crises = [r for r in rows if r["reason"] == HandoffReason.CRISIS.value and r["status"] == "open"]
    return render_template("staff/queue.html", rows=rows, crisis_ids=crisis_ids, waiting_crises=waiting_crises)


def api_queue():
    """Polled by the page: not audited (the page view is)."""
    return jsonify(handoffs=_queue_rows(), now=utcnow().isoformat())
