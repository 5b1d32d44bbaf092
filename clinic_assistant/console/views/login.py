"""Log-in and log-out (audited, successful or not)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff, end_session, start_session
from clinic_assistant.console.request_helpers import db, safe_next
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.staff import LoginOutcome, authenticate, end_sessions, get_staff_user_by_id


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/login", view_func=login, methods=["GET"])
    blueprint.add_url_rule("/login", view_func=login_post, methods=["POST"])
    blueprint.add_url_rule("/logout", view_func=logout, methods=["GET"])
    blueprint.add_url_rule("/logout", view_func=logout_post, methods=["POST"])


def login():
    return render_template("staff/login.html", next=safe_next(request.args.get("next")), error=None, username="")


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
