"""REST and socket.io channels that accept only the button payloads the assistant offered.

Rasa turns any message written as `/intent{"entity": "value"}` into that intent at confidence
1.0, after every NLU component. A visitor could type one to fill a form slot or confirm a
booking. These channels let a payload through only when it was on a button of the bot's
latest messages, or when it is a harmless intent without entities; any other payload loses its
slash and is understood as ordinary text (so the risk detector reads it too).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
# Typing one of these is the same as saying it in words.
SAFE_TYPED_PAYLOAD = re.compile(
    r"^/(greet|goodbye|thanks|affirm|deny|bot_challenge|ask_eligibility|book_consult|request_human|stop|out_of_scope)$"
)
# Socket.io session ids are chosen by the browser and trusted by Rasa: require 128 random bits.
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")

Handler = Callable[[UserMessage], Awaitable[Any]]


async def offered_payloads(sender_id: str) -> set[str]:
    """Button payloads of the bot messages since the visitor's last message."""
    tracker = await Sanic.get_app().ctx.agent.tracker_store.retrieve(sender_id)
    payloads: set[str] = set()
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            payloads.update(button.get("payload", "") for button in event.data.get("buttons") or [])
    return payloads


async def screen_text(text: str, sender_id: str) -> str:
    text = (text or "")[:MAX_MESSAGE_CHARS]
    stripped = text.strip()
    if not stripped.startswith("/") or SAFE_TYPED_PAYLOAD.match(stripped):
        return text
    if stripped in await offered_payloads(sender_id):
        return stripped
    logger.info("A payload that was not offered was typed; treating it as text")
    return stripped.lstrip("/")


def guard(on_new_message: Handler, require_session_id: bool = False) -> Handler:
    async def guarded(message: UserMessage) -> None:
        if require_session_id and not SESSION_ID.match(message.sender_id or ""):
            logger.warning("Ignored a socket.io message whose session id is not 32 random hex digits")
            return
        message.text = await screen_text(message.text, message.sender_id)
        await on_new_message(message)

    return guarded


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Handler):
        return super().blueprint(guard(on_new_message))


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Handler):
        return super().blueprint(guard(on_new_message, require_session_id=self.session_persistence))
