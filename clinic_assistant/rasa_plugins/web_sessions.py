"""Socket.io sessions issued and signed by the server.

A socket.io session id is the conversation id, so whoever holds it could join the room (and hear
the bot's and staff's replies) or send messages in the visitor's name. The server therefore
issues every id itself, `web-` and 128 random bits, with a token = HMAC-SHA256(key, id); a
socket may name an existing session only with its token. The `web-` prefix keeps widget
conversations apart from the REST channel's senders, which may not use it.

The signature stops guessed ids and ids leaked through logs, exports or the balancer; a script
running on the clinic's own page can still read the widget's storage (see docs/security.md).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

WEB_PREFIX = "web-"
WEB_SESSION_ID = re.compile(r"^web-[0-9a-f]{32}$")


def new_session_id() -> str:
    return WEB_PREFIX + secrets.token_hex(16)


def session_token(key: bytes, session_id: str) -> str:
    return hmac.new(key, session_id.encode(), hashlib.sha256).hexdigest()


def is_signed(key: bytes, session_id: object, token: object) -> bool:
    """Whether `token` is the server's signature of `session_id` (a well-formed widget id)."""
    if not isinstance(session_id, str) or not isinstance(token, str) or not WEB_SESSION_ID.match(session_id):
        return False
    return hmac.compare_digest(session_token(key, session_id), token)


def is_web_session_id(sender_id: str) -> bool:
    """Whether a sender id lies in the widget's namespace (case-insensitively, to be safe)."""
    return sender_id[: len(WEB_PREFIX)].lower() == WEB_PREFIX
