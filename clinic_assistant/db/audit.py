"""The console's audit trail. Callers pass their own session (keyword-only).

An event names who (the staff username, or none for an anonymous failed log-in), what (an
`AuditAction`) and a short detail made of record names only: conversation ids, booking
references, statuses, filter names. Never message text or a visitor's contact details.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_assistant.db.models import AuditEvent

MAX_DETAIL_CHARS = 500


class AuditAction(str, enum.Enum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_QUEUE = "view_queue"
    VIEW_CONVERSATION = "view_conversation"
    TAKE_OVER = "take_over"
    HAND_BACK = "hand_back"
    RESOLVE = "resolve"
    SEND_MESSAGE = "send_message"
    VIEW_BOOKINGS = "view_bookings"
    VIEW_BOOKING = "view_booking"
    BOOKING_STATUS = "booking_status"
    EXPORT_BOOKINGS_CSV = "export_bookings_csv"
    EXPORT_TRANSCRIPT = "export_transcript"
    SEARCH_TRANSCRIPTS = "search_transcripts"
    PASSWORD_SET = "password_set"
    REVIEW_LABEL = "review_label"
    REVIEW_EXPORT = "review_export"
    CRISIS_ESCALATED = "crisis_escalated"
    VIEW_REVIEW = "view_review"
    VIEW_REPORTS = "view_reports"
    EXPORT_REPORT_CSV = "export_report_csv"
    ASSIGN = "assign"
    ADD_NOTE = "add_note"
    VIEW_AUDIT = "view_audit"
    STAFF_ROLE = "staff_role"


def record(*, session: Session, action: AuditAction, staff_username: str | None, detail: str = "") -> AuditEvent:
    event = AuditEvent(action=action.value, staff_username=staff_username, detail=detail[:MAX_DETAIL_CHARS])
    session.add(event)
    session.flush()
    return event


def latest(*, session: Session, limit: int = 200) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(session.execute(query).scalars())


def search(
    *,
    session: Session,
    action: AuditAction | None = None,
    without_action: AuditAction | None = None,
    staff_username: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[AuditEvent]:
    """Events matching every filter given, newest first, `limit` of them after the first `offset`.
    `staff_username` "" means events with no staff member (anonymous failed log-ins)."""
    query = select(AuditEvent)
    if action is not None:
        query = query.where(AuditEvent.action == action.value)
    if without_action is not None:
        query = query.where(AuditEvent.action != without_action.value)
    if staff_username == "":
        query = query.where(AuditEvent.staff_username.is_(None))
    elif staff_username is not None:
        query = query.where(AuditEvent.staff_username == staff_username)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
    return list(session.execute(query).scalars())
