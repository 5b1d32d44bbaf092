"""What a visitor, the widget and the staff console do, over HTTP and socket.io."""
from __future__ import annotations

import json
import queue
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import socketio
import yaml

from clinic_assistant.rasa_plugins.web_sessions import session_token
from clinic_assistant.settings import load_session_signing_key
from tests.cluster.conftest import SECRET

WAIT_SECONDS = 60


def send(base_url: str, sender: str, text: str, timeout: float = 90) -> tuple[list[dict], str]:
    """One REST message; the bot's replies and the Rasa server that answered (balancer header)."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read()), response.headers.get("X-Clinic-Server", "")


def texts(replies: list[dict]) -> list[str]:
    return [reply.get("text", "") for reply in replies]


def say(base_url: str, sender: str, text: str) -> list[str]:
    return texts(send(base_url, sender, text)[0])


def api(base_url: str, token: str, path: str, body=None, **query) -> tuple[object, str]:
    url = f"{base_url}{path}?" + urllib.parse.urlencode({"token": token, **query})
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="GET" if body is None else "POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read()), response.headers.get("X-Clinic-Server", "")


def tracker(base_url: str, token: str, sender: str) -> dict:
    return api(base_url, token, f"/conversations/{sender}/tracker")[0]


def push_staff_message(base_url: str, token: str, conversation_id: str, text: str) -> str:
    """What the staff console does (clinic_assistant/console/rasa_client.py); returns the server."""
    event = {"event": "bot", "text": None,
             "data": {"custom": {"data": {"type": "staff_message", "staff_name": "Sam Lee", "text": text}}}}
    _, server = api(base_url, token, f"/conversations/{conversation_id}/tracker/events", [event],
                    output_channel="socketio", execute_side_effects="true")
    return server


def signed_session(session_id: str) -> dict[str, str]:
    """A widget session as the cluster's servers would have issued it (they share the key derived
    from CONSOLE_SECRET_KEY): lets a test choose an id that the balancer routes to one server."""
    key = load_session_signing_key({"ENV": "test", "CONSOLE_SECRET_KEY": SECRET})
    return {"session_id": session_id, "token": session_token(key, session_id)}


class Visitor:
    """The widget's side of socket.io (polling transport: see rasa-3.6-notes), with the widget's
    `session_id` query that the balancer routes by. Without `session_id` the server issues one;
    with one, the visitor presents it signed (`signed_session`), as after a reload."""

    def __init__(self, base_url: str, session_id: str | None = None) -> None:
        self.session = signed_session(session_id) if session_id else {}
        self.messages: queue.Queue[dict] = queue.Queue()
        self.received: list[dict] = []  # everything the widget would have shown, in order
        self.confirmed = threading.Event()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2)
        self.client.on("bot_uttered", self._received)
        self.client.on("session_token", self._keep_session)
        self.client.on("session_confirm", lambda _data: self.confirmed.set())
        # Like the widget: ask for the conversation's room again after every (re)connection.
        self.client.on("connect", self._request_session)
        query = f"?session_id={session_id}" if session_id else ""
        self.client.connect(f"{base_url}{query}", transports=["polling"], socketio_path="/socket.io",
                            wait_timeout=30)
        assert self.confirmed.wait(WAIT_SECONDS), "no session_confirm"

    @property
    def session_id(self) -> str:
        return self.session["session_id"]

    def _keep_session(self, issued: dict) -> None:
        self.session = issued

    def _received(self, message: dict) -> None:
        self.received.append(message)
        self.messages.put(message)

    def _request_session(self) -> None:
        self.confirmed.clear()
        self.client.emit("session_request", self.session)

    def say(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text, **self.session})

    def wait_for(self, predicate, seconds: float = WAIT_SECONDS) -> dict:
        deadline = time.monotonic() + seconds
        seen = []
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(message)
            if predicate(message):
                return message
        raise AssertionError(f"the expected message did not arrive; got {seen}")

    def close(self) -> None:
        self.client.disconnect()


def text_contains(fragment: str):
    return lambda message: fragment in (message.get("text") or "")


RESPONSES = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())["responses"]


def is_answer(response: str):
    """The message is one of the variants of `response` in domain.yml (so wording changes to the
    answers don't break the cluster tests)."""
    variants = {variant["text"] for variant in RESPONSES[response] if "text" in variant}
    return lambda message: message.get("text") in variants


def poll(check, seconds: float = WAIT_SECONDS, interval: float = 0.5, what: str = "condition"):
    """Calls `check` until it returns something truthy (exceptions count as not yet)."""
    deadline = time.monotonic() + seconds
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (OSError, urllib.error.HTTPError, AssertionError) as error:
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {seconds}s (last error: {last_error!r})")


def widget_sessions_per_server(balancer: str, token: str, per_server: int) -> dict[str, list[str]]:
    """New widget session ids (`web-`, which the REST channel refuses) until the balancer has
    routed `per_server` of them to each server (asked through the HTTP API, routed by the same hash)."""
    found: dict[str, list[str]] = {"rasa1": [], "rasa2": []}
    for _ in range(60):
        if all(len(ids) >= per_server for ids in found.values()):
            break
        session_id = "web-" + secrets.token_hex(16)
        _, server = api(balancer, token, f"/conversations/{session_id}/tracker")
        if len(found[server]) < per_server:
            found[server].append(session_id)
    assert all(len(ids) >= per_server for ids in found.values()), f"the balancer used one server only: {found}"
    return found


def conversations_per_server(balancer: str, per_server: int) -> dict[str, list[str]]:
    """New REST conversations until each server holds `per_server` of them."""
    found: dict[str, list[str]] = {"rasa1": [], "rasa2": []}
    for _ in range(60):
        if all(len(ids) >= per_server for ids in found.values()):
            break
        sender = secrets.token_hex(16)
        _, server = send(balancer, sender, "hello")
        if len(found[server]) < per_server:
            found[server].append(sender)
    assert all(len(ids) >= per_server for ids in found.values()), f"the balancer used one server only: {found}"
    return found
