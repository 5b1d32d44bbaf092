"""Staff accounts (administrators only): who has an account, with which role, and changing a
role. Accounts are created and passwords reset with `make staff-user` on the server."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import audit_event, db, enum_arg
from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.models import StaffRole
from clinic_assistant.db.staff import get_staff_user, list_staff_users, set_role


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/accounts", view_func=accounts, methods=["GET"])
    blueprint.add_url_rule("/accounts/<username>/role", view_func=account_role, methods=["POST"])


def accounts():
    with db() as session:
        users = list_staff_users(session=session)
    return render_template("staff/accounts.html", users=users, roles=list(StaffRole))


def account_role(username: str):
    role = enum_arg(StaffRole, request.form.get("role"))
    if role is None:
        abort(400, description="Choose one of the roles.")
    if username == current_staff().username:
        # So that the console always keeps at least the administrator who is using it.
        abort(400, description="You cannot change your own role; ask another administrator.")
    with db() as session:
        user = get_staff_user(session=session, username=username[:64])
        if user is None:
            abort(404)
        old_role = user.role
        set_role(session=session, user=user, role=role)
    audit_event(AuditAction.STAFF_ROLE, f"{username}: {old_role} -> {role.value}")
    flash(f"{username} is now {role.value}.", "info")
    return redirect(url_for("staff.accounts"))
