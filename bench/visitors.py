"""Simulated visitors: the scripts they type and the two channels they type them into.

Every visitor runs the same realistic mix, in its own shuffled order: small talk, FAQ questions,
a full booking (name, contact, day and time, 18+, consent, confirm), the eligibility pre-screen,
and a crisis message (then "no, thank you" to the offer of a call). The same scripts go to both
assistants; the plain `rasa init` one answers them with its mood-bot replies, which is fine: the
load is what is compared.

Visitors are closed-loop: each sends its next message as soon as the previous answer arrived
(after `think` seconds, 0 by default), so N visitors keep at most N messages in flight. A turn's
latency is the time from sending a message to having every reply:
* REST: the HTTP response of /webhooks/rest/webhook (Rasa answers with all bot messages);
* socket.io: the acknowledgement of the `user_uttered` event, which python-socketio sends when
  Rasa's handler has finished, i.e. after every `bot_uttered` it emitted (polling transport: the
  python-engineio client cannot use websocket with the aiohttp that Rasa pins).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT_SECONDS = 60


def booking_day() -> str:
    """A Monday to Wednesday at least 3 days ahead, in the clinic's time zone (open 9-17)."""
    sys.path.insert(0, str(ROOT))
    from clinic_assistant.clinic import load_clinic_config

    clinic = load_clinic_config(ROOT / "clinic.yml")
    day = dt.datetime.now(clinic.timezone).date() + dt.timedelta(days=3)
    while day.weekday() > 2:
        day += dt.timedelta(days=1)
    return f"{day:%B} {day.day} at 10am"


SMALL_TALK = ["hello", "are you a bot?", "how are you today?", "thanks, that's helpful"]
FAQ = [
    "what is ketamine", "will i trip", "is it addictive", "how much does it cost?",
    "does insurance cover it", "how many infusions would i need", "what are the side effects",
    "can I drive home after an infusion",
]
PRESCREEN = ["am i a candidate?", "/affirm", "yes", "yes", "no", "no", "no", "no", "no", "no", "no", "no", "no"]
CRISIS = ["i want to kill myself tonight", "no, thank you"]
GOODBYE = ["ok thank you, bye"]


def booking_block(day: str) -> list[str]:
    return ["I'd like to book a consultation", "Jane Q. Doe", "my email is jane.doe@example.com", day,
            "/affirm", "/affirm", "/confirm_booking"]


def visitor_script(rng: random.Random, day: str) -> list[list[str]]:
    """One visitor's conversation as blocks: greeting first, goodbye last, the rest shuffled."""
    return [texts for _kind, texts in visitor_blocks(rng, day)]


def visitor_blocks(rng: random.Random, day: str) -> list[tuple[str, list[str]]]:
    middle = [("FAQ", rng.sample(FAQ, 3)), ("booking", booking_block(day)), ("pre-screen", PRESCREEN),
              ("crisis", CRISIS), ("FAQ", rng.sample(FAQ, 3)), ("small talk", SMALL_TALK[1:3])]
    rng.shuffle(middle)
    return [("greeting", [SMALL_TALK[0]]), *middle, ("goodbye", GOODBYE)]


def long_conversation_script(turns: int) -> list[str]:
    """Small talk and FAQ only (no crisis, no form), cycled to `turns` messages."""
    pool = ["hello", *FAQ, "are you a bot?", "thanks", "what does an infusion feel like",
            "how long does the relief last", "is it safe"]
    return [pool[i % len(pool)] for i in range(turns)]


@dataclass
class Turn:
    started: float
    seconds: float
    ok: bool
    replies: int
    error: str = ""
    kind: str = ""


@dataclass
class LoadResult:
    stack: str
    channel: str
    visitors: int
    turns: list[Turn] = field(default_factory=list)
    wall_seconds: float = 0.0


class RestChannel:
    name = "rest"

    def __init__(self, url: str) -> None:
        self.url = f"{url}/webhooks/rest/webhook"
        self.session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                             timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS))

    async def close(self) -> None:
        await self.session.close()

    async def new_conversation(self, previous: str | None = None) -> str:
        return secrets.token_hex(16)

    async def end_visitor(self, conversation) -> None:
        pass

    async def send(self, conversation: str, text: str) -> int:
        async with self.session.post(self.url, json={"sender": conversation, "message": text}) as response:
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            return len(await response.json())


class SocketConversation:
    def __init__(self, client: socketio.AsyncClient, session_id: str, counter: list[int]) -> None:
        self.client, self.session_id, self.counter = client, session_id, counter

    @property
    def received(self) -> int:
        return self.counter[0]


class SocketIOChannel:
    name = "socketio"

    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def new_conversation(self, previous: SocketConversation | None = None) -> SocketConversation:
        """A new conversation (a session the server issues, as to the widget); on the visitor's
        socket when it is still connected (one socket per visitor, as one browser tab)."""
        if previous is not None and previous.client.connected:
            client, counter = previous.client, previous.counter
        else:
            client, counter = socketio.AsyncClient(reconnection=False), [0]

            def on_bot(_message):
                counter[0] += 1

            client.on("bot_uttered", on_bot)
            await client.connect(self.url, transports=["polling"], socketio_path="/socket.io",
                                 wait_timeout=REQUEST_TIMEOUT_SECONDS)
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()

        def on_confirm(session_id: str) -> None:
            if not confirmed.done():
                confirmed.set_result(session_id)

        client.on("session_confirm", on_confirm)  # replaces the previous conversation's handler
        await client.emit("session_request", {})
        session_id = await asyncio.wait_for(confirmed, REQUEST_TIMEOUT_SECONDS)
        return SocketConversation(client, session_id, counter)

    async def end_visitor(self, conversation: SocketConversation | None) -> None:
        if conversation is None:
            return
        try:
            await conversation.client.disconnect()
        except Exception:  # noqa: BLE001 - a failed disconnect must not stop the bench
            pass

    async def send(self, conversation: SocketConversation, text: str) -> int:
        before = conversation.received
        await conversation.client.call("user_uttered", {"message": text, "session_id": conversation.session_id},
                                       timeout=REQUEST_TIMEOUT_SECONDS)
        return conversation.received - before


def make_channel(name: str, url: str):
    return RestChannel(url) if name == "rest" else SocketIOChannel(url)


async def _visitor(channel, index: int, seed: int, day: str, deadline: float, think: float,
                   result: LoadResult) -> None:
    rng = random.Random(seed * 1000 + index)
    last: list = [None]  # the visitor's latest conversation (its socket is closed at the end)
    try:
        await _visitor_loop(channel, rng, day, deadline, think, result, last)
    finally:
        await channel.end_visitor(last[0])


async def _visitor_loop(channel, rng: random.Random, day: str, deadline: float, think: float,
                        result: LoadResult, last: list) -> None:
    first = True
    conversation = None
    while time.monotonic() < deadline:
        blocks = visitor_blocks(rng, day)
        if first:  # start somewhere in the middle, so that the mix in the window is not all greetings
            blocks = blocks[rng.randrange(len(blocks)):]
            first = False
        try:
            conversation = last[0] = await channel.new_conversation(conversation)
        except Exception as error:  # noqa: BLE001
            result.turns.append(Turn(time.monotonic(), 0.0, False, 0, f"connect: {error!r}"[:200]))
            await asyncio.sleep(1)
            continue
        for kind, text in ((kind, t) for kind, block in blocks for t in block):
            if time.monotonic() >= deadline:
                break
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            start = time.monotonic()
            try:
                replies = await channel.send(conversation, text)
                result.turns.append(Turn(start, time.monotonic() - start, True, replies, kind=kind))
            except Exception as error:  # noqa: BLE001 - every failure is counted as an error
                result.turns.append(Turn(start, time.monotonic() - start, False, 0, repr(error)[:200], kind))


async def run_load(stack: str, url: str, channel_name: str, visitors: int, seconds: float,
                   think: float = 0.0, seed: int = 7) -> LoadResult:
    channel = make_channel(channel_name, url)
    await channel.open()
    result = LoadResult(stack, channel_name, visitors)
    day = booking_day()
    start = time.monotonic()
    try:
        await asyncio.gather(*(_visitor(channel, i, seed, day, start + seconds, think, result)
                               for i in range(visitors)))
    finally:
        await channel.close()
    result.wall_seconds = time.monotonic() - start
    return result


async def run_long_conversation(url: str, turns: int) -> list[float]:
    """One REST conversation of `turns` messages, one at a time; the latency of each turn."""
    channel = RestChannel(url)
    await channel.open()
    conversation = await channel.new_conversation()
    latencies = []
    try:
        for text in long_conversation_script(turns):
            start = time.monotonic()
            await channel.send(conversation, text)
            latencies.append(time.monotonic() - start)
    finally:
        await channel.close()
    return latencies


async def transcript(url: str, channel_name: str, texts: list[str]) -> list[tuple[str, int, float]]:
    """Sends `texts` in one conversation; (text, number of replies, seconds) per turn. For checks."""
    channel = make_channel(channel_name, url)
    await channel.open()
    conversation = await channel.new_conversation()
    rows = []
    try:
        for text in texts:
            start = time.monotonic()
            rows.append((text, await channel.send(conversation, text), time.monotonic() - start))
    finally:
        await channel.end_visitor(conversation)
        await channel.close()
    return rows
