"""A staff message pushed through one Rasa server reaches the visitor whose socket the other holds
(socket.io rooms shared through Redis, cluster/channels.py)."""
from __future__ import annotations

import pytest

from .client import Visitor, push_staff_message
from .conftest import TOKEN


def is_staff_text(text: str):
    return lambda message: message.get("type") == "staff_message" and message.get("text") == text


@pytest.mark.parametrize(("holder", "pusher"), [("rasa1", "rasa2"), ("rasa2", "rasa1")])
def test_a_staff_message_through_one_server_reaches_a_socket_held_by_the_other(urls, holder, pusher):
    visitor = Visitor(urls[holder])  # straight to `holder`, no balancer: only it has the socket
    try:
        visitor.say("hello")
        greeting = visitor.wait_for(lambda message: "automated assistant" in (message.get("text") or ""))
        assert "988" in greeting["text"]

        push_staff_message(urls[pusher], TOKEN, visitor.session_id, f"Hi, this is Sam, via {pusher}.")
        push_staff_message(urls[pusher], TOKEN, visitor.session_id, "Are you still there?")
        visitor.wait_for(is_staff_text("Are you still there?"))
        # Delivered once each, in the order pushed, with who wrote them.
        received = [m for m in visitor.received if m.get("type") == "staff_message"]
        assert [(m["staff_name"], m["text"]) for m in received] == [
            ("Sam Lee", f"Hi, this is Sam, via {pusher}."), ("Sam Lee", "Are you still there?"),
        ]

        # The conversation goes on at the holder, with the bot answering as before.
        visitor.say("how much does an infusion cost")
        visitor.wait_for(lambda message: "$450" in (message.get("text") or ""))
    finally:
        visitor.close()
