"""REST and socket.io channels that accept only the button payloads the assistant offered.

Rasa turns any message written as `/intent{"entity": "value"}` into that intent at confidence
1.0, after every NLU component. A visitor could type one to fill a form slot or confirm a
booking. These channels let a payload through only when it was on a button of the bot's
latest messages, or when it is a harmless intent without entities; any other payload loses its
slash and is understood as ordinary text (so the risk detector reads it too).

They also keep one Rasa process standing under a burst: at most MAX_PENDING_MESSAGES messages are
in progress at once; beyond that a message is refused with `utter_busy` (which names the crisis
lines), except a message the risk detector flags and any message of a visitor flagged in the last
half hour, which are taken up to URGENT_CEILING times the limit. A message that fails on our side
gets `utter_unavailable` (also naming the crisis lines) instead of silence.

Each visitor (sender id) and each client address has a rate limit (rate_limit.py, RATE_LIMIT_*
settings; loopback addresses are not limited per address, and X-Forwarded-For is read only from
TRUSTED_PROXIES). A message over a limit gets `utter_slow_down` (naming the crisis lines; REST: 429
with Retry-After) and is not processed, except a message the risk detector flags: a crisis message
is always answered, however fast it comes, and so is anything a visitor flagged in the last half
hour says next.

The socket.io channel also
- answers only the web pages of ALLOWED_ORIGINS (the clinic's own site, the demo page), on every
  transport; Rasa's own socket.io server answers any page;
- marks every part of a crisis reply with `"metadata": {"crisis": true}` (the responses whose
  `metadata` in domain.yml says `crisis: true`), so the widget knows the crisis reply by a flag,
  not by its wording; likewise `"metadata": {"forget_transcript": true}` on the confirmation of
  "delete my data" (`utter_data_deleted`), on which the widget clears its copy;
- issues and signs the session ids itself (web_sessions.py): a `session_request` names an
  existing session only with its token, and a message is taken only for the session its socket
  was confirmed in (or with that session's token); anything else gets `session_invalid` and no
  reply. The REST channel refuses the widget's `web-` ids.
"""
from __future__ import annotations

import contextvars
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from socketio import AsyncServer

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.net import client_address
from clinic_assistant.rasa_plugins.internals import compat
from clinic_assistant.rasa_plugins.rate_limit import (
    Rate,
    RateLimits,
    retry_after_header,
)
from clinic_assistant.rasa_plugins.web_sessions import (
    WEB_PREFIX,
    WEB_SESSION_ID,
    is_signed,
    is_web_session_id,
    new_session_id,
    session_token,
)
from clinic_assistant.risk import RiskLevel, assess
from clinic_assistant.settings import get_rasa_settings, load_session_signing_key

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
# A long message keeps its start and its end: people often put the crisis at the end.
TAIL_CHARS = 1000
# Bodies are a message and a few ids; anything bigger is refused by Sanic with 413.
MAX_REQUEST_BYTES = 64 * 1024
# Risk messages and flagged visitors pass the limit, up to this many times it (a flood of
# crisis-worded messages must not take the process down either).
URGENT_CEILING = 10
FLAGGED_SECONDS = 30 * 60
MAX_FLAGGED_VISITORS = 10_000
RETRY_AFTER_SECONDS = 30
# REST sender ids: what a website, an app or a test would use, never "default" for everybody.
# It starts with a letter or digit, so "." and ".." (which a browser folds out of the console's
# URL) never pass, and it holds no slash or control character: every accepted id can be opened.
REST_SENDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$")
# Typing one of these is the same as saying it in words.
SAFE_TYPED_PAYLOAD = re.compile(
    r"^/(greet|goodbye|thanks|affirm|deny|bot_challenge|ask_eligibility|book_consult|request_human|stop|out_of_scope)$"
)
# Socket.io session ids are issued by the server (web_sessions.py): `web-` and 128 random bits.
SESSION_ID = WEB_SESSION_ID
# Sent to a socket whose session request or message named a session it may not use: the widget
# starts a fresh session.
SESSION_INVALID_EVENT = "session_invalid"
SESSION_TOKEN_EVENT = "session_token"

Handler = Callable[[UserMessage], Awaitable[Any]]
# Visitor metadata kept on a message (and so in the tracker store): these keys, short scalar values.
# Anything else a visitor sends is dropped rather than stored verbatim.
ALLOWED_METADATA_KEYS = frozenset({"locale", "page"})
MAX_METADATA_VALUE_CHARS = 200


def allowed_metadata(metadata: Any) -> dict[str, Any]:
    """The allow-listed part of a visitor's metadata: known keys with short strings, numbers or booleans."""
    if not isinstance(metadata, dict):
        return {}
    return {
        key: value
        for key, value in metadata.items()
        if key in ALLOWED_METADATA_KEYS
        and (
            isinstance(value, (bool, int, float))
            or (isinstance(value, str) and len(value) <= MAX_METADATA_VALUE_CHARS)
        )
    }


async def offered_payloads(sender_id: str) -> set[str]:
    """Button payloads of the bot messages since the visitor's last message."""
    tracker = await compat.running_agent().tracker_store.retrieve(sender_id)
    payloads: set[str] = set()
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            payloads.update(button.get("payload", "") for button in event.data.get("buttons") or [])
    return payloads


def shorten(text: str) -> str:
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    return f"{text[:MAX_MESSAGE_CHARS - TAIL_CHARS]}\n…\n{text[-TAIL_CHARS:]}"


async def screen_text(text: str, sender_id: str) -> str:
    text = shorten(text or "")
    stripped = text.strip()
    if not stripped.startswith("/") or SAFE_TYPED_PAYLOAD.match(stripped):
        return text
    if stripped in await offered_payloads(sender_id):
        return stripped
    logger.info("A payload that was not offered was typed; treating it as text")
    return stripped.lstrip("/")


class Busy(Exception):
    """This process already holds as many messages as MAX_PENDING_MESSAGES allows."""


class TooFast(Exception):
    """The sender or its address is over its rate limit; `seconds` until the next message may go."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds:.1f}s")
        self.seconds = seconds


def is_urgent(text: str | None) -> bool:
    """Whether the risk detector flags the message: then no limit of ours may drop it."""
    return assess(shorten(text or "")).level is not RiskLevel.NONE


class Admission:
    """Counts the messages in progress in this process; refuses new ones past the limit, except
    urgent ones (see the module's docstring)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pending = 0
        self.flagged: OrderedDict[str, float] = OrderedDict()  # sender id -> when last flagged

    def admit(self, sender_id: str, text: str) -> None:
        # The detector is cheap (well under a millisecond); a refused crisis is not.
        if is_urgent(text):
            self.flagged[sender_id] = time.monotonic()
            self.flagged.move_to_end(sender_id)
            while len(self.flagged) > MAX_FLAGGED_VISITORS:
                self.flagged.popitem(last=False)
        if self.pending >= self.limit and not (
            self.pending < self.limit * URGENT_CEILING and self.recently_flagged(sender_id)
        ):
            raise Busy
        self.pending += 1

    def recently_flagged(self, sender_id: str) -> bool:
        flagged_at = self.flagged.get(sender_id)
        return flagged_at is not None and time.monotonic() - flagged_at < FLAGGED_SECONDS

    def release(self) -> None:
        self.pending -= 1


@lru_cache(maxsize=1)
def shared_admission() -> Admission:
    """The one count of this process, for both channels (made when the first channel starts)."""
    return Admission(get_rasa_settings().max_pending_messages)


@lru_cache(maxsize=1)
def shared_rate_limits() -> RateLimits:
    """The rate limits of this process, for both channels (a visitor may switch channel)."""
    settings = get_rasa_settings()
    return RateLimits(Rate(settings.sender_burst, settings.sender_per_minute),
                      Rate(settings.address_burst, settings.address_per_minute))


def request_client_address(request: Request) -> str:
    """The visitor's address: the peer, or X-Forwarded-For when the peer is a trusted proxy."""
    return client_address(request.ip, request.headers.getall("X-Forwarded-For", []),
                          get_rasa_settings().trusted_proxies)


def channel_text(response_name: str) -> str:
    """`utter_busy`, `utter_slow_down` or `utter_unavailable` filled with the clinic's crisis lines, without the
    tracker or the policies; if even that fails, the crisis lines alone."""
    try:
        agent = compat.running_agent()
        if response_name in agent.domain.responses:
            return agent.domain.responses[response_name][0]["text"].format(**agent.nlg.clinic_values)
        logger.error("The model has no %s (trained before it was added?); sending the crisis lines alone",
                     response_name)
    except Exception:
        logger.exception("Could not render %s; sending the crisis lines alone", response_name)
    values = load_clinic_config(get_rasa_settings().clinic_config_path).template_values()
    return "If you are in immediate danger, call {emergency_number}. You can also {crisis_line}.".format(**values)


def guard(on_new_message: Handler, require_session_id: bool = False) -> Callable[..., Awaitable[None]]:
    """The checks every message passes before Rasa sees it; raises Busy or TooFast when refused."""
    admission = shared_admission()
    rate_limits = shared_rate_limits()

    async def guarded(message: UserMessage, address: str | None = None) -> None:
        if require_session_id and not SESSION_ID.match(message.sender_id or ""):
            logger.warning("Ignored a socket.io message whose session id is not one the server issues")
            return
        message.metadata = allowed_metadata(message.metadata)
        # Safety first: a crisis message, and the next messages of a visitor just flagged (the answer
        # to "are you safe right now?"), neither wait for nor use up a token. A flood could send crisis
        # words anyway; the admission ceiling bounds that.
        if not is_urgent(message.text) and not admission.recently_flagged(message.sender_id):
            wait = rate_limits.seconds_to_wait(message.sender_id, address)
            if wait > 0:
                raise TooFast(wait)
        admission.admit(message.sender_id, message.text)
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
        raise InvalidUsage('"sender" must be 1 to 128 letters, digits or _.:@- (starting with a letter or digit)')
    if is_web_session_id(sender):
        raise InvalidUsage(f'"sender" may not start with "{WEB_PREFIX}": those are the chat widget\'s conversations')
    if not isinstance(text, str) or not text.strip():
        raise InvalidUsage('"message" must be a non-empty string')
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage('"metadata" must be a JSON object when given')
    return sender, text, metadata


class GuardedRestInput(RestInput):
    """Rasa's REST webhook with the body checked (400 with a reason), the payload guard, the rate
    limits (429 with `utter_slow_down` and Retry-After) and the admission limit (503 with `utter_busy`
    and Retry-After). No streaming mode."""

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
                await guarded(message, request_client_address(request))
            except TooFast as limited:
                slow_down = [{"recipient_id": sender, "text": channel_text("utter_slow_down")}]
                return response.json(slow_down, status=429,
                                     headers={"Retry-After": retry_after_header(limited.seconds)})
            except Busy:
                busy = [{"recipient_id": sender, "text": channel_text("utter_busy")}]
                return response.json(busy, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            except Exception:
                # No message text in the log: it may hold health details.
                logger.exception("A REST message could not be handled")
                failed = [{"recipient_id": sender, "text": channel_text("utter_unavailable")}]
                return response.json(collector.messages + failed, status=500)
            return response.json(collector.messages)

        return webhook


# The response that confirms "delete my data" (the action chose it because the deletion was
# filed): the widget clears its copy of the transcript on this flag. Named here rather than in the
# response's metadata so that it holds with models trained before the flag existed.
FORGET_TRANSCRIPT_RESPONSES = frozenset({"utter_data_deleted"})


def widget_flags(message_fields: dict[str, Any]) -> dict[str, bool]:
    """The flags the widget acts on: `crisis` (responses marked `crisis: true` in domain.yml) and
    `forget_transcript` (FORGET_TRANSCRIPT_RESPONSES)."""
    flags = {}
    metadata = message_fields.get("metadata")
    if isinstance(metadata, dict) and metadata.get("crisis") is True:
        flags["crisis"] = True
    if message_fields.get("utter_action") in FORGET_TRANSCRIPT_RESPONSES:
        flags["forget_transcript"] = True
    return flags


def is_crisis_reply(message_fields: dict[str, Any]) -> bool:
    """Whether a bot message comes from a response marked `crisis: true` in domain.yml."""
    return "crisis" in widget_flags(message_fields)


class FlaggedSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with `"metadata": {"crisis": true}` on every part of a crisis reply
    (and `forget_transcript` on the deletion's confirmation).

    Rasa passes the rest of the bot message (the response's `metadata` among it) as keyword
    arguments; the texts are split into parts as Rasa's own output does.
    """

    async def _emit(self, recipient_id: str, message: dict[str, Any], fields: dict[str, Any]) -> None:
        flags = widget_flags(fields)
        if flags:
            message = {**message, "metadata": flags}
        await self.sio.emit(self.bot_message_evt, message, room=recipient_id)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._emit(recipient_id, {"text": part}, kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = text.strip().split("\n\n") or [text]
        replies = [{"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons]
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            await self._emit(recipient_id, {"text": part, "quick_replies": replies if last else []}, kwargs)


def accept_only_origins(origins: tuple[str, ...], sio: AsyncServer, blueprint: Blueprint, socketio_path: str) -> None:
    """Lets only pages of `origins` use the socket.io server, on both transports.

    Rasa creates its socket.io server with `cors_allowed_origins=[]`, which turns python-engineio's
    origin check off: any web page could open a socket (the WebSocket transport has no CORS) and
    read the replies of a session it knows the id of. With a list, engineio refuses every other
    `Origin` with 400 and sends the CORS headers itself, so the Sanic-CORS of `rasa run --cors` must
    leave these requests alone (a second Access-Control-Allow-Origin makes browsers refuse them).
    """
    sio.eio.cors_allowed_origins = list(origins)

    @blueprint.listener("before_server_start")
    async def leave_cors_to_socketio(app: Sanic, _loop) -> None:
        prefix = "/" + socketio_path.strip("/")

        async def skip_sanic_cors(request: Request) -> None:
            if request.path == prefix or request.path.startswith(prefix + "/"):
                compat.skip_sanic_cors(request)

        app.register_middleware(skip_sanic_cors, "request")


# The client address of the socket.io message being handled (Rasa's handler does not pass its sid on).
socketio_client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "socketio_client_address", default=None
)


def issue_signed_sessions(sio: AsyncServer, namespace: str | None, message_event: str, key: bytes) -> None:
    """Replaces Rasa's `session_request` handler and fences its message handler (see web_sessions.py).

    A session request with a signed id continues that session; any other gets a new id. The
    socket answers with `session_token` ({session_id, token}, for the client to keep) and then
    Rasa's `session_confirm` (the id alone, as Rasa's widget expects). A message is passed on to
    Rasa only for the session its socket was confirmed in, or with that session's token.
    """
    handlers = sio.handlers[namespace or "/"]
    rasa_message_handler = handlers[message_event]

    async def confirmed_session(sid: str) -> str | None:
        try:
            return (await sio.get_session(sid, namespace=namespace)).get("session_id")
        except KeyError:  # the socket disconnected meanwhile
            return None

    async def session_request(sid: str, data: Any) -> None:
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if not is_signed(key, session_id, data.get("token")):
            if session_id:
                logger.info("A session request named a session without its token: a new session is issued")
            session_id = new_session_id()
        previous = await confirmed_session(sid)
        if previous and previous != session_id:
            sio.leave_room(sid, previous, namespace=namespace)
        await sio.save_session(sid, {"session_id": session_id}, namespace=namespace)
        # Not awaited: python-socketio 5.9 enters rooms synchronously (Rasa 3.6 does the same).
        sio.enter_room(sid, session_id, namespace=namespace)
        token = {"session_id": session_id, "token": session_token(key, session_id)}
        await sio.emit(SESSION_TOKEN_EVENT, token, room=sid, namespace=namespace)
        await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

    async def handle_message(sid: str, data: Any) -> Any:
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if session_id != await confirmed_session(sid) and not is_signed(key, session_id, data.get("token")):
            logger.warning("Ignored a socket.io message for a session its socket was not confirmed in")
            await sio.emit(SESSION_INVALID_EVENT, {"reason": "session_invalid"}, room=sid, namespace=namespace)
            return None
        return await rasa_message_handler(sid, {**data, "session_id": session_id})

    sio.on("session_request", session_request, namespace=namespace)
    sio.on(message_event, handle_message, namespace=namespace)


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def knowing_the_address(self, handle_message: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """Rasa's message handler, run with the address of the socket's HTTP request at hand."""

        async def handle(sid: str, data: Any) -> Any:
            request = compat.socketio_request(self.sio, sid, self.namespace)
            address = request_client_address(request) if request is not None else None
            token = socketio_client_address.set(address)
            try:
                return await handle_message(sid, data)
            finally:
                socketio_client_address.reset(token)

        return handle

    def get_output_channel(self) -> SocketIOOutput | None:
        # Messages the HTTP API pushes to a visitor (staff replies) go through it too.
        if self.sio is None:
            return super().get_output_channel()
        return FlaggedSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Handler):
        settings = get_rasa_settings()
        guarded = guard(on_new_message, require_session_id=self.session_persistence)

        async def never_silent(message: UserMessage) -> None:
            # Rasa gives each message its own plain output; the flagged one says which reply is the crisis one.
            message.output_channel = FlaggedSocketIOOutput(self.sio, self.bot_message_evt)
            try:
                await guarded(message, socketio_client_address.get())
            except TooFast:
                await message.output_channel.send_text_message(message.sender_id, channel_text("utter_slow_down"))
            except Busy:
                await message.output_channel.send_text_message(message.sender_id, channel_text("utter_busy"))
            except Exception:
                logger.exception("A socket.io message could not be handled")
                await message.output_channel.send_text_message(message.sender_id, channel_text("utter_unavailable"))

        blueprint = super().blueprint(never_silent)
        compat.wrap_socketio_handler(self.sio, self.namespace, self.user_message_evt, self.knowing_the_address)
        if self.session_persistence:
            issue_signed_sessions(self.sio, self.namespace, self.user_message_evt, load_session_signing_key())
        limit_request_size(blueprint)
        # A socket.io frame (over a websocket) is not an HTTP request: Sanic's size limit misses it.
        self.sio.eio.max_http_buffer_size = MAX_REQUEST_BYTES
        accept_only_origins(settings.allowed_origins, self.sio, blueprint, self.socketio_path)
        return blueprint
