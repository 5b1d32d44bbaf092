"""The action gateway (clinic_assistant/action_gateway.py): relays Rasa's calls to the action server
unchanged, and while nothing answers there, replies with `utter_unavailable` instead of silence."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from clinic_assistant.action_gateway import HEALTH_PATH, STAND_IN_RESPONSE, Gateway
from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.launcher import free_port
from clinic_assistant.settings import PROJECT_ROOT

TOKEN = "test-action-token-" + "x" * 32
AUTHORIZED = {"Authorization": f"Bearer {TOKEN}"}


class FakeActionServer(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 400 if self.headers.get("Content-Encoding") else 200
        data = json.dumps({"echo": json.loads(body), "path": self.path}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def serving(server: ThreadingHTTPServer) -> threading.Thread:
    # A short poll, so that shutdown() (a test stopping the action server) returns at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def gateway() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port()), FakeActionServer)
    serving(upstream)
    front = Gateway(free_port(), upstream.server_address[1], TOKEN)
    serving(front)
    try:
        yield f"http://127.0.0.1:{front.server_address[1]}", upstream
    finally:
        front.shutdown()
        front.server_close()
        upstream.shutdown()
        upstream.server_close()


def call(url: str, body: dict, **headers: str) -> tuple[int, dict]:
    """A call as Rasa makes it: with the token, unless `headers` say otherwise."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **AUTHORIZED, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


BOOKING_CALL = {
    "next_action": "validate_booking_form",
    "domain": {"forms": {"booking_form": {"required_slots": ["full_name", "contact"]}}},
    "tracker": {"events": [
        {"event": "slot", "name": "full_name", "value": "Jane"},
        {"event": "user", "text": "my email is jane@example.com"},
        {"event": "slot", "name": "contact", "value": "my email is jane@example.com"},
        {"event": "slot", "name": "unrelated", "value": 1},
    ]},
}


def test_calls_reach_the_action_server_unchanged_status_included(gateway):
    url, _ = gateway
    assert call(f"{url}/webhook", {"next_action": "action_x"}) == (
        200, {"echo": {"next_action": "action_x"}, "path": "/webhook"})
    assert call(f"{url}/webhook", {"a": 1}, **{"Content-Encoding": "gzip"})[0] == 400


def test_while_the_action_server_is_down_an_action_gets_utter_unavailable(gateway):
    url, upstream = gateway
    upstream.shutdown()
    upstream.server_close()
    assert call(f"{url}/webhook", {"next_action": "action_request_human"}) == (
        200, {"events": [], "responses": [{"response": "utter_unavailable"}]})
    # A form's validation also forgets what no validation checked, so the form asks again.
    status, answer = call(f"{url}/webhook", BOOKING_CALL)
    assert status == 200 and answer["events"] == [{"event": "slot", "name": "contact", "value": None}]
    # Anything else is not Rasa's: a plain 503; the gateway's own health check still answers.
    assert call(f"{url}/health", {})[0] == 503
    with urllib.request.urlopen(f"{url}{HEALTH_PATH}", timeout=10) as response:
        assert response.status == 200


def test_the_stand_in_reply_is_in_the_domain_and_names_the_emergency_crisis_and_clinic_numbers():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    text = domain["responses"][STAND_IN_RESPONSE][0]["text"]
    filled = text.format(**load_clinic_config(PROJECT_ROOT / "clinic.yml").template_values())
    assert "911" in filled and "988" in filled and "(555) 010-0199" in filled


@pytest.mark.parametrize("authorization", ["", "Bearer wrong", TOKEN, f"Basic {TOKEN}"])
def test_a_call_without_the_token_is_refused_whether_or_not_the_action_server_is_up(gateway, authorization):
    url, upstream = gateway
    assert call(f"{url}/webhook", {"next_action": "action_x"}, Authorization=authorization)[0] == 401
    upstream.shutdown()
    upstream.server_close()
    assert call(f"{url}/webhook", BOOKING_CALL, Authorization=authorization)[0] == 401
    with urllib.request.urlopen(f"{url}{HEALTH_PATH}", timeout=10) as response:
        assert response.status == 200
