"""Typed payloads: only the buttons the assistant offered may act as payloads."""
from __future__ import annotations

import pytest
from rasa.core.channels.channel import UserMessage

from clinic_assistant.rasa_plugins import channels

SESSION = "web-0123456789abcdef0123456789abcdef"


@pytest.fixture
def offered(monkeypatch):
    payloads: set[str] = set()

    async def fake_offered(sender_id):
        return payloads

    monkeypatch.setattr(channels, "offered_payloads", fake_offered)
    return payloads


@pytest.mark.parametrize(
    "typed, offered_now, seen",
    [
        ("/confirm_booking", set(), "confirm_booking"),
        ("/confirm_booking", {"/confirm_booking"}, "/confirm_booking"),
        ('/change_booking{"booking_field": "contact"}', set(), 'change_booking{"booking_field": "contact"}'),
        ('/book_consult{"full_name": "Eve"}', set(), 'book_consult{"full_name": "Eve"}'),
        ("/greet", set(), "/greet"),
        ("/request_human", set(), "/request_human"),
        ('/greet{"name": "x"}', set(), 'greet{"name": "x"}'),
        ("what does it cost?", set(), "what does it cost?"),
        ("a" * 10_000, set(), "a" * (channels.MAX_MESSAGE_CHARS - channels.TAIL_CHARS) + "\n…\n" + "a" * 1000),
    ],
)
async def test_payloads_are_taken_only_when_offered(offered, typed, offered_now, seen):
    offered.update(offered_now)
    assert await channels.screen_text(typed, "visitor") == seen


async def test_socketio_messages_need_an_unguessable_session_id(offered):
    received = []

    async def on_new_message(message):
        received.append(message.sender_id)

    handler = channels.guard(on_new_message, require_session_id=True)
    await handler(UserMessage("hello", sender_id="1"))
    await handler(UserMessage("hello", sender_id="0123456789abcdef0123456789abcdef"))  # the old widget's ids
    await handler(UserMessage("hello", sender_id=SESSION))
    assert received == [SESSION]


async def test_a_long_message_keeps_its_end_where_a_crisis_often_is(offered):
    text = "so much to tell you about my week. " * 300 + "and honestly i want to kill myself"
    screened = await channels.screen_text(text, "visitor")
    assert len(screened) < channels.MAX_MESSAGE_CHARS + 10
    assert screened.endswith("i want to kill myself")


def test_past_the_limit_only_urgent_messages_are_taken():
    admission = channels.Admission(limit=2)
    admission.admit("a", "hello")
    admission.admit("b", "what does it cost")
    with pytest.raises(channels.Busy):
        admission.admit("c", "how long is an infusion")
    admission.admit("d", "i want to kill myself")  # a crisis is taken
    admission.admit("e", "what is suicide")  # a mention too (its answer names the crisis line)
    admission.admit("d", "no")  # and the next message of a visitor just flagged, whatever it says
    with pytest.raises(channels.Busy):
        admission.admit("f", "hello again")
    admission.pending = 2 * channels.URGENT_CEILING  # a flood: even urgent messages get utter_busy
    with pytest.raises(channels.Busy):
        admission.admit("d", "i want to kill myself")
