"""Short references to conversations, for logs, exports and the audit trail.

A conversation id is a bearer credential: the REST channel posts in the name of whoever's id it
is given, and a widget id (with its token) joins the visitor's chat. Where a record only needs to
say *which* conversation, it carries `conversation_ref(id)` instead: stable, short, enough to tell
conversations apart and to match the reference the console shows on the conversation's page, and
of no use for joining or sending.
"""
from __future__ import annotations

import hashlib

REFERENCE_PREFIX = "c-"
REFERENCE_HEX_DIGITS = 12


def conversation_ref(conversation_id: str) -> str:
    digest = hashlib.sha256(conversation_id.encode()).hexdigest()
    return REFERENCE_PREFIX + digest[:REFERENCE_HEX_DIGITS]
