"""Records: transcript search (over the tracker store, filtered by the app database's handoffs)
and the audit log (administrators only), in pages of 50, filtered by action, staff member and
days, with failed log-ins hidden on request, so that a flood of them cannot bury other events."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import day_start, db, enum_arg, parse_day, tracker_url
from clinic_assistant.console.transcripts import search_conversations
from clinic_assistant.db.audit import AuditAction, record, search
from clinic_assistant.db.handoffs import conversations_with_handoffs, handoffs_by_conversation
from clinic_assistant.db.models import HandoffReason, HandoffStatus
from clinic_assistant.db.staff import list_staff_users

TRANSCRIPT_REASONS = ("crisis", "request_human", "none")
AUDIT_PAGE_SIZE = 50
MAX_AUDIT_PAGE = 10_000
NO_STAFF = "-"  # the staff filter's value for events without a staff member (unknown names' log-ins)


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


def _page_number(raw: str | None) -> int:
    return min(int(raw), MAX_AUDIT_PAGE) if raw and raw.isdigit() and int(raw) >= 1 else 1


def audit():
    errors: list[str] = []
    args = request.args
    action = enum_arg(AuditAction, args.get("action"))
    staff_arg = (args.get("staff") or "").strip()[:64]
    day_from = parse_day(args.get("from"), errors, "from")
    day_to = parse_day(args.get("to"), errors, "to")
    hide_failed_logins = args.get("hide_failed_logins") == "1"
    page = _page_number(args.get("page"))
    form = {
        "action": action.value if action else "",
        "staff": staff_arg,
        "from": day_from.isoformat() if day_from else "",
        "to": day_to.isoformat() if day_to else "",
        "hide_failed_logins": "1" if hide_failed_logins else "",
    }
    with db() as session:
        rows = search(
            session=session,
            action=action,
            without_action=AuditAction.LOGIN_FAILED if hide_failed_logins else None,
            staff_username="" if staff_arg == NO_STAFF else (staff_arg or None),
            since=day_start(day_from),
            until=day_start(day_to + dt.timedelta(days=1)) if day_to else None,
            offset=(page - 1) * AUDIT_PAGE_SIZE,
            limit=AUDIT_PAGE_SIZE + 1,
        )
        usernames = [user.username for user in list_staff_users(session=session)]
        filters = [f"{k}={v}" for k, v in form.items() if v]
        record(session=session, action=AuditAction.VIEW_AUDIT, staff_username=current_staff().username,
               detail="; ".join(filters + [f"page={page}"]))
    link_args = {k: v for k, v in form.items() if v}
    return render_template(
        "staff/audit.html",
        events=rows[:AUDIT_PAGE_SIZE],
        page=page,
        newer_url=url_for("staff.audit", **link_args, page=page - 1) if page > 1 else None,
        older_url=url_for("staff.audit", **link_args, page=page + 1) if len(rows) > AUDIT_PAGE_SIZE else None,
        form=form,
        errors=errors,
        actions=list(AuditAction),
        usernames=usernames,
        no_staff=NO_STAFF,
        page_size=AUDIT_PAGE_SIZE,
    )
