"""Log-in and log-out (audited, successful or not, throttled or not).

A log-in attempt is first checked against the throttle (login_throttle.py): too soon after
failures from this address (or for this name from this address or known device), or over the
global cap on password checks, it gets 429 "try again in N seconds" without any hashing. A
successful log-in marks this browser as a known device for the name (known_device.py).
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from clinic_assistant.console import known_device
from clinic_assistant.console.auth import current_staff, end_session, start_session
from clinic_assistant.console.client import request_address, request_is_https
from clinic_assistant.console.login_throttle import Attempt, LoginThrottle
from clinic_assistant.console.request_helpers import db, safe_next, settings
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.staff import (
    LoginOutcome,
    authenticate,
    end_sessions,
    get_staff_user,
    get_staff_user_by_id,
    normalise_username,
)

THROTTLE_KEY = "login_throttle"


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/login", view_func=login, methods=["GET"])
    blueprint.add_url_rule("/login", view_func=login_post, methods=["POST"])
    blueprint.add_url_rule("/logout", view_func=logout, methods=["GET"])
    blueprint.add_url_rule("/logout", view_func=logout_post, methods=["POST"])


def throttle() -> LoginThrottle:
    return current_app.extensions[THROTTLE_KEY]


def login():
    return render_template("staff/login.html", next=safe_next(request.args.get("next")), error=None, username="")


def login_post():
    username = request.form.get("username", "")[:128]
    password = request.form.get("password", "")[:1024]
    target = safe_next(request.form.get("next"))
    name = normalise_username(username)
    attempt = Attempt(name=name, address=request_address(settings()), device=known_device.device_for(name))
    wait = throttle().wait_seconds(attempt)
    if wait:
        with db() as session:
            # Named only when the account exists: an unknown "name" may be a password typed in the wrong box.
            user = get_staff_user(session=session, username=name) if name else None
            record(session=session, action=AuditAction.LOGIN_FAILED, staff_username=user.username if user else None,
                   detail="throttled")
        seconds = "second" if wait == 1 else "seconds"
        page = render_template("staff/login.html", next=target, username=username.strip(),
                               error=f"Too many attempts; try again in {wait} {seconds}.")
        return page, 429, {"Retry-After": str(wait)}
    with db() as session:
        result = authenticate(session=session, username=username, password=password)
        user = result.user
        if result.outcome is LoginOutcome.OK:
            record(session=session, action=AuditAction.LOGIN, staff_username=user.username)
        else:
            record(
                session=session,
                action=AuditAction.LOGIN_FAILED,
                staff_username=user.username if user else None,
                detail="wrong password" if user else "unknown username",
            )
    if result.outcome is LoginOutcome.OK:
        throttle().succeeded(attempt)
        start_session(user)
        response = redirect(target)
        known_device.remember(response, user.username, secure=request_is_https(settings()))
        return response
    throttle().failed(attempt)
    error = "Invalid username or password."
    return render_template("staff/login.html", next=target, error=error, username=username.strip()), 401


def logout():
    return render_template("staff/logout.html")


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
