"""What the staff console's pages share: the blueprint, its log-in guard (every page but the log-in
needs a session; every POST needs the CSRF token), template helpers and small parsers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from clinic_assistant.console import RasaClient
from clinic_assistant.console.transcripts import format_time
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import HandoffReason, as_utc
from clinic_assistant.db.staff import get_staff_user_by_id
from clinic_assistant.settings import Settings
from clinic_assistant.web.console_auth import (
    StaffIdentity,
    check_csrf,
    csrf_token,
    current_staff,
    end_session,
    session_state,
    touch_session,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")

PUBLIC_ENDPOINTS = {"staff.login", "staff.login_post"}
MAX_CONVERSATION_ID = 255  # Rasa's sender_id column
REASON_LABELS = {HandoffReason.CRISIS.value: "Crisis", HandoffReason.REQUEST_HUMAN.value: "Asked for a person"}


# ------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------


def settings() -> Settings:
    return current_app.extensions["clinic_settings"]


def clinic_tz() -> dt.tzinfo:
    return current_app.extensions["clinic_config"].timezone


def db():
    return session_scope(settings().database_url)


def tracker_url() -> str:
    return settings().tracker_store_url


def rasa() -> RasaClient:
    return current_app.extensions["rasa_client"]


def is_api() -> bool:
    return request.path.startswith(f"{bp.url_prefix}/api/")


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def audit_event(action: AuditAction, detail: str = "", username: str | None = None) -> None:
    with db() as session:
        record(session=session, action=action, staff_username=username or current_staff().username, detail=detail)


def safe_next(target: str | None) -> str:
    """Only a path inside the console: never another site (no open redirect)."""
    if target and target.startswith(f"{bp.url_prefix}/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("staff.queue")


def local_time(moment: dt.datetime | None) -> str:
    """A time in the clinic's time zone, to the minute."""
    moment = as_utc(moment)
    return moment.astimezone(clinic_tz()).strftime("%Y-%m-%d %H:%M") if moment else ""


def waiting_label(seconds: int) -> str:
    minutes = seconds // 60
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days"


def check_conversation_id(conversation_id: str) -> None:
    if not conversation_id or len(conversation_id) > MAX_CONVERSATION_ID:
        abort(404)


def parse_day(raw: str | None, errors: list[str], name: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(f"'{name}' must be a date like 2026-12-01; it was ignored.")
        return None


def day_start(day: dt.date | None) -> dt.datetime | None:
    """Midnight of `day` in the clinic's time zone, as UTC."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(0), tzinfo=clinic_tz()).astimezone(dt.timezone.utc)


def enum_arg(enum_type, raw: str | None):
    try:
        return enum_type(raw) if raw else None
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------
# Guard, context, errors
# ------------------------------------------------------------------------------------------------


def _has_nul(values) -> bool:
    return "\x00" in request.path or any("\x00" in value for _, value in values.items(multi=True))


@bp.before_request
def guard():
    # No real text holds a NUL byte, and PostgreSQL refuses one in a query: say so, don't crash.
    if _has_nul(request.values):
        abort(400, description="The request holds a NUL character.")
    if request.method == "POST":
        check_csrf()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    staff = None
    state = session_state()
    if state is not None:
        user_id, epoch = state
        with db() as session:
            user = get_staff_user_by_id(session=session, user_id=user_id)
            if user is not None and user.session_epoch == epoch:
                staff = StaffIdentity(user.id, user.username, user.display_name)
        if staff is None:
            end_session()
    if staff is None:
        if is_api():
            return jsonify(error="login required"), 401
        if g.get("session_expired"):
            flash("Your session ended after 8 hours without activity. Please log in again.", "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("staff.login", next=target))
    g.staff = staff
    if not is_api():
        touch_session()
    return None


@bp.app_template_filter("staff_time")
def _staff_time_filter(moment: dt.datetime | None) -> str:
    return local_time(moment)


@bp.app_template_filter("staff_time_seconds")
def _staff_time_seconds_filter(moment: dt.datetime | None) -> str:
    return format_time(as_utc(moment), clinic_tz())


@bp.context_processor
def _template_context() -> dict[str, Any]:
    return {
        "csrf_token": csrf_token,
        "staff": g.get("staff"),
        "clinic": current_app.extensions["clinic_config"],
        "tz_name": getattr(clinic_tz(), "key", str(clinic_tz())),
        "reason_labels": REASON_LABELS,
    }


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if is_api() or wants_json():
        return jsonify(error=error.description or error.name), error.code
    return render_template("staff/error.html", error=error), error.code


