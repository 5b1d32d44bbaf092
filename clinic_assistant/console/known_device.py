"""The known-device cookie: set after a successful log-in, it names the staff members who have
logged in on this browser (signed with CONSOLE_SECRET_KEY, so it cannot be made up). An attempt
for one of those names from this browser is throttled on its own (login_throttle.py).
"""
from __future__ import annotations

import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "clinic_device"
SALT = "clinic-known-device"
MAX_AGE_SECONDS = 180 * 24 * 60 * 60
MAX_NAMES = 8  # a shared front-desk computer


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def read() -> tuple[str | None, list[str]]:
    """(device id, names) from this request's cookie; (None, []) without a valid one."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None, []
    try:
        data = _serializer().loads(raw, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return None, []
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("names"), list):
        return None, []
    return data["id"], [name for name in data["names"] if isinstance(name, str)]


def device_for(name: str) -> str | None:
    """This browser's device id when `name` has logged in on it before."""
    device, names = read()
    return device if device and name in names else None


def remember(response: Response, name: str, *, secure: bool) -> None:
    """Adds `name` to this browser's known-device cookie (a new device id the first time)."""
    device, names = read()
    names = [n for n in names if n != name][-(MAX_NAMES - 1):] + [name]
    value = _serializer().dumps({"id": device or secrets.token_urlsafe(16), "names": names})
    response.set_cookie(COOKIE, value, max_age=MAX_AGE_SECONDS, path="/staff", secure=secure, httponly=True,
                        samesite="Lax")
