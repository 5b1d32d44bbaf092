"""Live takeover end to end: a visitor on socket.io, the real Rasa and action servers, and the
staff console talking to Rasa's HTTP API with the token."""
from __future__ import annotations

import queue
import threading
import time

import socketio

from tests.integration.conftest import STAFF_PASSWORD

WAIT_SECONDS = 30


class Visitor:
    """The widget's side of the socket.io protocol (polling transport: see rasa-3.6-notes)."""

    def __init__(self, rasa_port: int) -> None:
        self.session_id = ""  # issued by the server, as to Rasa's own widget
        self.messages: queue.Queue[dict] = queue.Queue()
        self.seen: list[str] = []  # what the visitor's widget showed, in order
        self.client = socketio.Client()
        self.client.on("bot_uttered", self._received)
        confirmed = threading.Event()

        def on_confirm(session_id: str) -> None:
            self.session_id = session_id
            confirmed.set()

        self.client.on("session_confirm", on_confirm)
        self.client.connect(f"http://127.0.0.1:{rasa_port}", transports=["polling"], socketio_path="/socket.io")
        self.client.emit("session_request", {"session_id": None})
        assert confirmed.wait(WAIT_SECONDS)

    def _received(self, message: dict) -> None:
        who = f"{message['staff_name']} (staff)" if message.get("staff_name") else "assistant"
        self.seen.append(f"{who}: {message.get('text') or message.get('type')}")
        self.messages.put(message)

    def say(self, text: str) -> None:
        self.seen.append(f"visitor: {text}")
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    def wait_for(self, predicate, seconds: float = WAIT_SECONDS) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.5)
            except queue.Empty:
                continue
            if predicate(message):
                return message
        raise AssertionError("the expected message did not arrive")

    def silent_for(self, seconds: float) -> list[dict]:
        time.sleep(seconds)
        received = []
        while not self.messages.empty():
            received.append(self.messages.get())
        return received


def is_text(fragment):
    return lambda message: fragment in (message.get("text") or "")


def is_type(kind):
    return lambda message: message.get("type") == kind


def test_staff_take_over_a_crisis_reply_live_and_hand_back(stack):
    visitor = Visitor(stack["rasa_port"])
    console = stack["console"]
    try:
        visitor.say("i want to kill myself")
        visitor.wait_for(is_text("988"))

        staff = console.logged_in("sam", STAFF_PASSWORD)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            queue_rows = staff.get(console.url("/staff/api/queue")).json()["handoffs"]
            mine = [row for row in queue_rows if row["conversation_id"] == visitor.session_id]
            if mine:
                break
            time.sleep(0.5)
        assert [row["reason"] for row in mine] == ["crisis"]
        assert queue_rows[0]["reason"] == "crisis"

        conversation = f"/staff/conversations/{visitor.session_id}"
        assert console.post(staff, f"{conversation}/take-over").status_code in (302, 303)
        assert visitor.wait_for(is_type("staff_joined"))["staff_name"] == "Sam Lee"

        reply = "Hi, I'm Sam from the clinic. I'm here."
        console.post(staff, f"{conversation}/messages", {"text": reply})
        staff_message = visitor.wait_for(is_type("staff_message"))
        assert (staff_message["staff_name"], staff_message["text"]) == ("Sam Lee", reply)

        visitor.say("how much does an infusion cost?")
        assert visitor.silent_for(4) == []  # paused: the bot stays silent
        visitor.say("i still want to die")
        time.sleep(2)
        events = staff.get(console.url(f"/staff/api/conversations/{visitor.session_id}/events")).json()
        user_texts = {e["text"]: e for e in events["entries"] if e["kind"] == "user"}
        assert "how much does an infusion cost?" in user_texts
        assert user_texts["i still want to die"]["is_crisis"]  # the console raises the alert from this
        assert events["bot_paused"] is True

        assert console.post(staff, f"{conversation}/hand-back").status_code in (302, 303)
        visitor.wait_for(is_type("staff_left"))
        visitor.say("how much does an infusion cost?")
        visitor.wait_for(is_text("$450"))
        # Both sides, for the record (shown with `pytest -s`).
        console_view = staff.get(console.url(f"/staff/conversations/{visitor.session_id}.txt")).text
        print("\n--- the visitor's widget ---\n" + "\n".join(visitor.seen) + "\n--- the console ---\n" + console_view)
    finally:
        visitor.client.disconnect()


def test_a_socket_with_a_guessable_session_id_gets_nothing(stack):
    client = socketio.Client()
    received = []
    client.on("bot_uttered", received.append)
    client.connect(f"http://127.0.0.1:{stack['rasa_port']}", transports=["polling"], socketio_path="/socket.io")
    try:
        client.emit("session_request", {"session_id": "1"})
        client.emit("user_uttered", {"message": "hello", "session_id": "1"})
        time.sleep(4)
        assert received == []
    finally:
        client.disconnect()

