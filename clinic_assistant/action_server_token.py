"""The shared secret between Rasa and the action server (ACTION_SERVER_TOKEN): Rasa sends it as
`Authorization: Bearer <token>` (endpoints.yml `action_endpoint.headers`), and the action server
and its gateway refuse calls without it. A header, not Rasa's `token` query parameter: URLs end
up in logs. Standard library only (the gateway uses it)."""
from __future__ import annotations

import hmac

BEARER = "Bearer "


def carries_token(authorization: str | None, token: str) -> bool:
    """Whether an Authorization header holds `Bearer <token>` (compared in constant time)."""
    header = authorization or ""
    if not token or not header.startswith(BEARER):
        return False
    return hmac.compare_digest(header[len(BEARER):].strip().encode(), token.encode())
