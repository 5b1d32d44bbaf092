"""Sessions and CSRF for the staff console, without extra dependencies.

Session: Flask's signed cookie (HttpOnly, SameSite=Lax, Secure whenever the site is served over
HTTPS; set in app.py)
holds {"uid", "epoch", "seen"} under "staff" and the CSRF token under "csrf".
- Log-in clears the old session and issues a new one with a new CSRF token (rotation).
- Idle timeout: a session not used for 8 hours is refused. Only what a person does counts as use
  (pages and forms); the pages' background polling of /staff/api/* does not keep a session alive.
- `epoch` must equal StaffUser.session_epoch, which log-out and a password reset increase: that
  ends every session of the user, including copies of the cookie, server-side.

CSRF: one random token per session, sent back by every POST as the form field `csrf_token` or
the header `X-CSRF-Token`, compared in constant time; a POST without a valid one gets 400.
"""
from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass

from flask import abort, g, request, session

from clinic_assistant.db.models import StaffUser

SESSION_KEY = "staff"
CSRF_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
IDLE_TIMEOUT_SECONDS = 8 * 60 * 60
SEEN_RESOLUTION_SECONDS = 60  # "last seen" is rewritten at most once a minute


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    username: str
    display_name: str
    is_admin: bool = False


def csrf_token() -> str:
    """This session's CSRF token, made on first use (templates call it as `csrf_token()`)."""
    token = session.get(CSRF_KEY)
    if not token:
        token = session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    expected = session.get(CSRF_KEY)
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not expected or not hmac.compare_digest(str(expected).encode(), sent.encode()):
        abort(400, description="The form has expired or did not come from this console. Reload the page and try again.")


def start_session(user: StaffUser) -> None:
    """A fresh session for the user who just logged in: nothing of the old one survives."""
    session.clear()
    now = int(time.time())
    session[SESSION_KEY] = {"uid": user.id, "epoch": user.session_epoch or 0, "seen": now}
    session[CSRF_KEY] = secrets.token_urlsafe(32)


def end_session() -> None:
    session.clear()


def session_state() -> tuple[int, int] | None:
    """(user id, epoch) when the session is logged in and not idle for too long; else None (and
    an idle session is cleared)."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    if time.time() - float(data.get("seen") or 0) > IDLE_TIMEOUT_SECONDS:
        session.clear()
        g.session_expired = True
        return None
    return data["uid"], int(data.get("epoch") or 0)


def touch_session() -> None:
    """Records activity (for the idle timeout); called for pages and forms, not for polling."""
    data = session.get(SESSION_KEY)
    now = int(time.time())
    if isinstance(data, dict) and now - int(data.get("seen") or 0) >= SEEN_RESOLUTION_SECONDS:
        session[SESSION_KEY] = {**data, "seen": now}


def current_staff() -> StaffIdentity:
    return g.staff
