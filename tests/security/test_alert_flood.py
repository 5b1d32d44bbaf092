"""Issue 16 item 1 against the real servers: sender ids the console cannot open are refused, and
repeated crisis messages in one conversation keep one open crisis handoff (evidence added)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import select

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Handoff

CRISIS_TEXT = "i can't do this anymore, i'm going to kill myself tonight"


def post(rasa_port: int, sender: str, text: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize("sender", ["..", ".", "-x"])
def test_a_sender_id_the_console_cannot_open_is_refused(stack, sender):
    status, _body = post(stack["rasa_port"], sender, "hello")
    assert status == 400


def test_repeated_crisis_messages_keep_one_open_crisis_handoff(stack):
    sender = f"sec-{uuid.uuid4().hex}"
    for _ in range(3):
        status, body = post(stack["rasa_port"], sender, CRISIS_TEXT)
        assert status == 200 and b"988" in body
    with session_scope(stack["database_url"]) as session:
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id == sender)).scalars().all()
        assert [h.status.value for h in handoffs] == ["open"]
        assert handoffs[0].evidence
