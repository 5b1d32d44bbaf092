"""Rate limits per client address against a real Rasa server behind a trusted reverse proxy.

A stack of its own (one more model load), because it needs settings the shared stack must not have:
TRUSTED_PROXIES=127.0.0.1 (the test plays the proxy on this machine) and a small per-address burst,
so the test does not send hundreds of messages. The visitor's address is the last X-Forwarded-For
entry the proxy added; made-up senders from one address share its bucket; a crisis message is still
answered; a request without the header (the proxy's own, or a harness on loopback) is not limited.
On socket.io the address is the one of the request that opened the socket.
"""
from __future__ import annotations

import queue
import time
import uuid

import pytest
import socketio

from clinic_assistant.db.migrate import upgrade
from clinic_assistant.settings import load_settings
from tests.security.test_alert_flood import CRISIS_TEXT, post
from tests.support.servers import server_env, stack_running

ADDRESS_BURST = 8


@pytest.fixture(scope="module")
def rasa_port(model_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proxy-stack")
    env = server_env(tmp, TRUSTED_PROXIES="127.0.0.1", RATE_LIMIT_SENDER_BURST="30",
                     RATE_LIMIT_ADDRESS_BURST=str(ADDRESS_BURST), RATE_LIMIT_ADDRESS_PER_MINUTE="1")
    env.pop("SMTP_HOST", None)
    upgrade(load_settings(env).database_url)
    with stack_running(model_path, env, tmp):
        yield int(env["RASA_PORT"])


def made_up_sender() -> str:
    return f"made-up-{uuid.uuid4().hex}"


def test_made_up_senders_from_one_address_share_its_limit_and_a_crisis_still_goes_through(rasa_port):
    visitor = {"X-Forwarded-For": "203.0.113.9"}
    statuses = [post(rasa_port, made_up_sender(), "hello", visitor)[0] for _ in range(ADDRESS_BURST + 4)]
    assert statuses == [200] * ADDRESS_BURST + [429] * 4
    status, body = post(rasa_port, made_up_sender(), CRISIS_TEXT, visitor)
    assert status == 200 and b"988" in body
    # Another visitor behind the same proxy has a bucket of its own.
    assert post(rasa_port, made_up_sender(), "hello", {"X-Forwarded-For": "198.51.100.20"})[0] == 200


def test_a_visitor_cannot_escape_its_limit_by_writing_its_own_x_forwarded_for(rasa_port):
    """The proxy appends the address it saw; whatever the visitor wrote stands to the left of it."""
    statuses = [
        post(rasa_port, made_up_sender(), "hello", {"X-Forwarded-For": f"10.9.8.{n}, 192.0.2.77"})[0]
        for n in range(ADDRESS_BURST + 2)
    ]
    assert statuses == [200] * ADDRESS_BURST + [429] * 2


def test_requests_from_loopback_without_a_forwarded_address_are_not_limited_per_address(rasa_port):
    statuses = [post(rasa_port, made_up_sender(), "hello")[0] for _ in range(ADDRESS_BURST * 2)]
    assert statuses == [200] * (ADDRESS_BURST * 2)


def is_slow_down(text: str) -> bool:
    # utter_slow_down, or the crisis lines alone while the model predates that response.
    return text.startswith(("Sorry, you're sending messages faster", "If you are in immediate danger"))


def test_socketio_sessions_opened_from_one_forwarded_address_share_its_limit(rasa_port):
    """Widgets on one forwarded address (each its own socket and server-issued session) share the
    address's limit; a crisis from that address is still answered."""
    received: queue.Queue[dict] = queue.Queue()
    clients = []

    def open_session() -> tuple[socketio.Client, dict]:
        issued: queue.Queue[dict] = queue.Queue()
        client = socketio.Client()
        client.on("bot_uttered", received.put)
        client.on("session_token", issued.put)
        client.connect(f"http://127.0.0.1:{rasa_port}", transports=["polling"], socketio_path="/socket.io",
                       headers={"X-Forwarded-For": "203.0.113.77"})
        clients.append(client)
        client.emit("session_request", {})
        return client, issued.get(timeout=30)

    try:
        sessions = [open_session() for _ in range(ADDRESS_BURST + 2)]
        for client, session in sessions:
            client.emit("user_uttered", {"message": "hello", **session})
        texts: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (sum(map(is_slow_down, texts)) < 2 or
                                               sum(t.startswith("Hello, I'm the automated") for t in texts) < 8):
            try:
                texts.append(received.get(timeout=1).get("text") or "")
            except queue.Empty:
                continue
        assert sum(map(is_slow_down, texts)) == 2, texts
        assert sum(t.startswith("Hello, I'm the automated") for t in texts) == ADDRESS_BURST, texts

        # Still over the limit: a crisis is answered, flagged as the crisis reply.
        client, session = open_session()
        client.emit("user_uttered", {"message": CRISIS_TEXT, **session})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                message = received.get(timeout=1)
            except queue.Empty:
                continue
            if (message.get("metadata") or {}).get("crisis") and "988" in (message.get("text") or ""):
                break
        else:
            raise AssertionError("no crisis reply")
    finally:
        for client in clients:
            client.disconnect()
