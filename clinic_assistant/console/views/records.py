"""Records: transcript search (over the tracker store, filtered by the app database's handoffs)
and the audit log."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import day_start, db, enum_arg, parse_day, tracker_url
from clinic_assistant.console.transcripts import search_conversations
from clinic_assistant.db.audit import AuditAction, latest, record
from clinic_assistant.db.handoffs import conversations_with_handoffs, handoffs_by_conversation
from clinic_assistant.db.models import HandoffReason, HandoffStatus

TRANSCRIPT_REASONS = ("crisis", "request_human", "none")
AUDIT_PAGE_LIMIT = 200


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/transcripts", view_func=transcripts, methods=["GET"])
    blueprint.add_url_rule("/audit", view_func=audit, methods=["GET"])


def transcripts():
    errors: list[str] = []
    day_from = parse_day(request.args.get("from"), errors, "from")
    day_to = parse_day(request.args.get("to"), errors, "to")
    reason = request.args.get("reason") if request.args.get("reason") in TRANSCRIPT_REASONS else ""
    status = enum_arg(HandoffStatus, request.args.get("status"))
    text = (request.args.get("q") or "").strip()[:120]
    include_ids = None
    exclude_ids: set[str] = set()
    with db() as session:
        if reason == "none":
            exclude_ids = conversations_with_handoffs(session=session)
        elif reason or status:
            include_ids = conversations_with_handoffs(
                session=session, reason=HandoffReason(reason) if reason else None, status=status
            )
        results = search_conversations(
            tracker_url(),
            day_start(day_from),
            day_start(day_to + dt.timedelta(days=1)) if day_to else None,
            include_ids=include_ids,
            exclude_ids=exclude_ids,
            text=text or None,
        )
        ids = [r.conversation_id for r in results]
        handoffs = handoffs_by_conversation(session=session, conversation_ids=ids)
        filters = (("from", day_from), ("to", day_to), ("reason", reason), ("status", status and status.value))
        parts = [f"{name}={value}" for name, value in filters if value]
        record(
            session=session, action=AuditAction.SEARCH_TRANSCRIPTS, staff_username=current_staff().username,
            detail="; ".join(parts + (["text search"] if text else []) + [f"results={len(results)}"]),
        )
    return render_template(
        "staff/transcripts.html",
        results=results,
        handoffs=handoffs,
        errors=errors,
        form={
            "from": day_from.isoformat() if day_from else "",
            "to": day_to.isoformat() if day_to else "",
            "reason": reason,
            "status": status.value if status else "",
            "q": text,
        },
        statuses=list(HandoffStatus),
    )


def audit():
    with db() as session:
        events = latest(session=session, limit=AUDIT_PAGE_LIMIT)
    return render_template("staff/audit.html", events=events)
