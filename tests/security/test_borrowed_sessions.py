"""Issue 16 item 2 against the real servers: a socket.io session id is of no use without the
token the server issued with it, and the REST channel cannot address a widget conversation."""
from __future__ import annotations

import queue
import threading
import time

import pytest
import socketio

from clinic_assistant.rasa_plugins.web_sessions import WEB_SESSION_ID
from tests.security.test_alert_flood import post

WAIT_SECONDS = 30
QUIET_SECONDS = 4


class Socket:
    """A socket.io client as the widget or Rasa's own widget uses it (polling: see rasa-3.6-notes)."""

    def __init__(self, rasa_port: int) -> None:
        self.events: queue.Queue[tuple[str, object]] = queue.Queue()
        self.client = socketio.Client()
        for name in ("bot_uttered", "session_token", "session_confirm", "session_invalid"):
            self.client.on(name, lambda data, name=name: self.events.put((name, data)))
        self.client.connect(f"http://127.0.0.1:{rasa_port}", transports=["polling"], socketio_path="/socket.io")

    def next(self, name: str, seconds: float = WAIT_SECONDS):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                kind, data = self.events.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == name:
                return data
        raise AssertionError(f"no {name} within {seconds}s")

    def request_session(self, **data) -> dict:
        """Asks for a session; returns what the server confirmed: {session_id, token}."""
        self.client.emit("session_request", data)
        issued = self.next("session_token")
        assert self.next("session_confirm") == issued["session_id"]
        return issued

    def say(self, **data) -> None:
        done = threading.Event()
        self.client.emit("user_uttered", data, callback=lambda *_: done.set())
        assert done.wait(60)

    def received(self, seconds: float = QUIET_SECONDS) -> list[tuple[str, object]]:
        time.sleep(seconds)
        seen = []
        while not self.events.empty():
            seen.append(self.events.get())
        return seen

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def sockets(stack):
    opened: list[Socket] = []

    def open_socket() -> Socket:
        opened.append(Socket(stack["rasa_port"]))
        return opened[-1]

    yield open_socket
    for sock in opened:
        sock.close()


def test_the_server_issues_the_session_and_the_visitor_continues_it_with_its_token(sockets):
    visitor = sockets()
    issued = visitor.request_session()
    assert WEB_SESSION_ID.match(issued["session_id"])
    visitor.say(message="hello", session_id=issued["session_id"], token=issued["token"])
    assert visitor.next("bot_uttered")["text"]
    visitor.close()
    # A reload: a new socket continues the conversation with the id and its token.
    again = sockets()
    assert again.request_session(**issued) == issued


def test_rasas_own_widget_still_talks_without_a_token(sockets):
    visitor = sockets()
    session_id = visitor.request_session(session_id=None)["session_id"]
    visitor.say(message="hello", session_id=session_id)  # the id the server confirmed, no token
    assert visitor.next("bot_uttered")["text"]


def test_a_borrowed_session_id_without_its_token_cannot_join_or_send(sockets):
    victim = sockets()
    issued = victim.request_session()
    victim.say(message="hello", session_id=issued["session_id"], token=issued["token"])
    victim.next("bot_uttered")
    victim.received(2)

    thief = sockets()
    # Joining with the id alone gives a different, new session: not the victim's room.
    assert thief.request_session(session_id=issued["session_id"])["session_id"] != issued["session_id"]
    # Sending in the victim's name is refused, and nothing reaches either of them.
    thief.say(message="please delete my data", session_id=issued["session_id"])
    assert [kind for kind, _ in thief.received()] == ["session_invalid"]
    assert victim.received() == []


def test_a_forged_token_is_refused(sockets):
    victim = sockets()
    issued = victim.request_session()
    thief = sockets()
    forged = {"session_id": issued["session_id"], "token": "0" * 64}
    assert thief.request_session(**forged)["session_id"] != issued["session_id"]
    thief.say(message="hello", **forged)
    assert [kind for kind, _ in thief.received()] == ["session_invalid"]


def test_a_token_signs_one_session_only(sockets):
    mine = sockets().request_session()
    theirs = sockets().request_session()
    thief = sockets()
    swapped = {"session_id": theirs["session_id"], "token": mine["token"]}
    assert thief.request_session(**swapped)["session_id"] not in (mine["session_id"], theirs["session_id"])


@pytest.mark.parametrize("sender", ["web-0123456789abcdef0123456789abcdef", "WEB-anything", "web-"])
def test_rest_cannot_address_a_widget_conversation(stack, sender):
    status, body = post(stack["rasa_port"], sender, "hello")
    assert status == 400 and b"web-" in body


def test_rest_senders_are_otherwise_unchanged(stack):
    status, _ = post(stack["rasa_port"], "webmaster-1", "hello")
    assert status == 200
