"""REST and socket.io channels that accept only the button payloads the assistant offered.

Rasa turns any message written as `/intent{"entity": "value"}` into that intent at confidence
1.0, after every NLU component. A visitor could type one to fill a form slot or confirm a
booking. These channels let a payload through only when it was on a button of the bot's
latest messages, or when it is a harmless intent without entities; any other payload loses its
slash and is understood as ordinary text (so the risk detector reads it too).

They also keep one Rasa process standing under a burst: at most MAX_PENDING_MESSAGES messages are
in progress at once; beyond that a message is refused with `utter_busy` (which names the crisis
lines), except a message the risk detector flags, which is always taken.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from clinic_assistant.risk import assess

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
# Bodies are a message and a few ids; anything bigger is refused by Sanic with 413.
MAX_REQUEST_BYTES = 64 * 1024
MAX_PENDING_MESSAGES = int(os.environ.get("MAX_PENDING_MESSAGES", "100"))
RETRY_AFTER_SECONDS = 30
# REST sender ids: what a website, an app or a test would use, never "default" for everybody.
REST_SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
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


class Busy(Exception):
    """This process already holds MAX_PENDING_MESSAGES messages."""


class Admission:
    """Counts the messages in progress in this process; refuses new ones past the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pending = 0

    def admit(self, text: str) -> None:
        # Never refuse a message that may be a crisis: the detector is cheap, a miss is not.
        if self.pending >= self.limit and not assess(text or "").is_risk:
            raise Busy
        self.pending += 1

    def release(self) -> None:
        self.pending -= 1


admission = Admission(MAX_PENDING_MESSAGES)


def busy_text() -> str:
    """`utter_busy` filled with the clinic's crisis lines, without the tracker or the policies."""
    agent = Sanic.get_app().ctx.agent
    return agent.domain.responses["utter_busy"][0]["text"].format(**agent.nlg.clinic_values)


def guard(on_new_message: Handler, require_session_id: bool = False) -> Handler:
    async def guarded(message: UserMessage) -> None:
        if require_session_id and not SESSION_ID.match(message.sender_id or ""):
            logger.warning("Ignored a socket.io message whose session id is not 32 random hex digits")
            return
        admission.admit(message.text)
        try:
            message.text = await screen_text(message.text, message.sender_id)
            await on_new_message(message)
        finally:
            admission.release()

    return guarded


def limit_request_size(blueprint: Blueprint) -> None:
    @blueprint.listener("before_server_start")
    async def set_limit(app: Sanic, _loop) -> None:
        app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES


def rest_message(request: Request) -> tuple[str, str, dict[str, Any] | None]:
    """The sender, text and metadata of a REST message, or a 400 that says what is wrong."""
    body = request.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('The body must be a JSON object: {"sender": "...", "message": "..."}')
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not REST_SENDER_ID.match(sender):
        raise InvalidUsage('"sender" must be 1 to 128 letters, digits or _.:@- identifying the conversation')
    if not isinstance(text, str) or not text.strip():
        raise InvalidUsage('"message" must be a non-empty string')
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage('"metadata" must be a JSON object when given')
    return sender, text, metadata


class GuardedRestInput(RestInput):
    """Rasa's REST webhook with the body checked (400 with a reason), the payload guard, and the
    admission limit (503 with `utter_busy` and Retry-After). No streaming mode."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guarded = guard(on_new_message)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limit_request_size(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            sender, text, metadata = rest_message(request)
            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            try:
                await guarded(message)
            except Busy:
                busy = [{"recipient_id": sender, "text": busy_text()}]
                return response.json(busy, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            except Exception:
                # No message text in the log: it may hold health details.
                logger.exception("A REST message could not be handled")
            return response.json(collector.messages)

        return webhook


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Handler):
        guarded = guard(on_new_message, require_session_id=self.session_persistence)

        async def refuse_when_busy(message: UserMessage) -> None:
            try:
                await guarded(message)
            except Busy:
                await message.output_channel.send_text_message(message.sender_id, busy_text())

        blueprint = super().blueprint(refuse_when_busy)
        limit_request_size(blueprint)
        return blueprint
