"""The console's blueprint (`staff`, under /staff): made and registered by `register(app, ...)`,
which the app factory calls; each view module adds its routes through its `add_routes(blueprint)`.

Every page but the log-in needs a session (auth.py), and the pages in ADMIN_ENDPOINTS (exports,
staff accounts, the audit log) an administrator's: anyone else gets 403 with a page saying so.
Every POST needs the session's CSRF token;
a request holding a NUL character gets 400. API paths (/staff/api/*) answer 401 in JSON instead of
redirecting to the log-in, and do not count as activity for the idle timeout.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from clinic_assistant.console.auth import (
    StaffIdentity,
    check_csrf,
    csrf_token,
    end_session,
    session_state,
    touch_session,
)
from clinic_assistant.console.login_throttle import LoginThrottle
from clinic_assistant.console.rasa_client import RasaClient
from clinic_assistant.console.request_helpers import (
    CLINIC_CONFIG_KEY,
    RASA_CLIENT_KEY,
    REASON_LABELS,
    SETTINGS_KEY,
    URL_PREFIX,
    clinic_tz,
    db,
    is_api,
    local_time,
    wants_json,
)
from clinic_assistant.console.transcripts import format_time
from clinic_assistant.console.views import (
    accounts,
    bookings,
    conversations,
    login,
    notes,
    queue,
    records,
    reports,
    review,
)
from clinic_assistant.db.models import as_utc
from clinic_assistant.db.staff import get_staff_user_by_id
from clinic_assistant.references import conversation_ref

TEMPLATES = Path(__file__).parent / "templates"
VIEW_MODULES = (login, queue, conversations, bookings, records, notes, review, reports, accounts)


def register(app: Flask, *, rasa_client: RasaClient) -> None:
    """Adds the console to `app`; its pages pause, resume and reply into conversations through
    `rasa_client`."""
    app.extensions[RASA_CLIENT_KEY] = rasa_client
    app.extensions[login.THROTTLE_KEY] = LoginThrottle(app.extensions[SETTINGS_KEY].login_checks_per_second)
    # A new blueprint per app: Flask refuses routes added to a blueprint after its registration.
    blueprint = Blueprint("staff", __name__, url_prefix=URL_PREFIX, template_folder=TEMPLATES)
    blueprint.before_request(guard)
    blueprint.context_processor(template_context)
    blueprint.app_template_filter("staff_time")(local_time)
    blueprint.app_template_filter("staff_time_seconds")(staff_time_seconds)
    # The reference the audit log and the bookings CSV use for a conversation.
    blueprint.app_template_filter("conversation_ref")(conversation_ref)
    blueprint.register_error_handler(HTTPException, http_error)
    for module in VIEW_MODULES:
        module.add_routes(blueprint)
    app.register_blueprint(blueprint)


PUBLIC_ENDPOINTS = {"staff.login", "staff.login_post"}
# Bulk personal data, accounts and the record of who did what: administrators only.
ADMIN_ENDPOINTS = {"staff.bookings_csv", "staff.reports_csv", "staff.audit", "staff.accounts", "staff.account_role"}
ADMIN_ONLY_MESSAGE = (
    "Only an administrator can open this page: CSV exports, staff accounts and the audit log. "
    "Ask an administrator of the console if you need it."
)


def _has_nul(values) -> bool:
    return "\x00" in request.path or any("\x00" in value for _, value in values.items(multi=True))


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
                staff = StaffIdentity(user.id, user.username, user.display_name, user.is_admin)
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
    if request.endpoint in ADMIN_ENDPOINTS and not staff.is_admin:
        abort(403, description=ADMIN_ONLY_MESSAGE)
    return None


def staff_time_seconds(moment: dt.datetime | None) -> str:
    return format_time(as_utc(moment), clinic_tz())


def template_context() -> dict[str, Any]:
    return {
        "csrf_token": csrf_token,
        "staff": g.get("staff"),
        "clinic": current_app.extensions[CLINIC_CONFIG_KEY],
        "tz_name": getattr(clinic_tz(), "key", str(clinic_tz())),
        "reason_labels": REASON_LABELS,
    }


def http_error(error: HTTPException):
    if is_api() or wants_json():
        return jsonify(error=error.description or error.name), error.code
    return render_template("staff/error.html", error=error), error.code
