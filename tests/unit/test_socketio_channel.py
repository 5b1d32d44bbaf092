"""The socket.io channel: who may connect (ALLOWED_ORIGINS) and the flag on crisis replies.

The origin tests run the channel in a real Sanic server with Rasa's own `--cors` set-up, as
`rasa run --cors http://localhost:WEB_PORT` does, and make engine.io's first polling request
(the browser tests in tests/browser/test_cors.py do the same from real pages).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from clinic_assistant.rasa_plugins import channels
from clinic_assistant.settings import PROJECT_ROOT

DEMO_PAGE = "http://localhost:8000"
SIGNING_KEY = "test-session-key-" + "x" * 32
CLINIC_SITE = "https://www.clinic.example"
# The channel in a Sanic app configured like Rasa's, in a process of its own (Sanic sets up its
# classes once per process, at the first server's start).
SERVER = """
import sys
from rasa.core.channels.channel import register
from rasa.server import configure_cors
from sanic import Sanic
from clinic_assistant.rasa_plugins.channels import GuardedSocketIOInput

app = Sanic("socketio_channel_test")
configure_cors(app, sys.argv[1])  # what `rasa run --cors` does with the demo page's origin
register([GuardedSocketIOInput(session_persistence=True)], app, route="/webhooks/")
app.run(host="127.0.0.1", port=int(sys.argv[2]), access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def rasa_like_server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "ALLOWED_ORIGINS": f"{DEMO_PAGE},{CLINIC_SITE}", "SESSION_SIGNING_KEY": SIGNING_KEY}
    log = tmp_path_factory.mktemp("socketio") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, DEMO_PAGE, str(port)], cwd=PROJECT_ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/webhooks/socketio/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the test server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def handshake(url: str, origin: str | None) -> tuple[int, list[str]]:
    """Engine.io's first request on the polling transport: its status and CORS origin headers."""
    request = urllib.request.Request(f"{url}/socket.io/?EIO=4&transport=polling")
    if origin:
        request.add_header("Origin", origin)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_all("Access-Control-Allow-Origin") or []
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_all("Access-Control-Allow-Origin") or []


@pytest.mark.parametrize("origin", [DEMO_PAGE, CLINIC_SITE])
def test_a_page_of_an_allowed_origin_connects_with_one_cors_header(rasa_like_server, origin):
    # One header, also for the origin `--cors` names: two make browsers refuse the response.
    assert handshake(rasa_like_server, origin) == (200, [origin])


@pytest.mark.parametrize("origin", ["https://elsewhere.example", "http://localhost:8001", "null"])
def test_a_page_of_any_other_origin_is_refused(rasa_like_server, origin):
    assert handshake(rasa_like_server, origin) == (400, [])


def test_a_client_that_is_no_web_page_still_connects(rasa_like_server):
    # Scripts and tests send no Origin; CORS protects pages in browsers, not the channel from them.
    assert handshake(rasa_like_server, None)[0] == 200


# ---------------------------------------------------------------- the crisis flag
class RecordingServer:
    def __init__(self) -> None:
        self.emitted: list[dict] = []

    async def emit(self, event: str, data: dict, room: str) -> None:
        self.emitted.append(data)


def bot_message(metadata: dict | None, buttons: list | None = None) -> dict:
    """A bot message as Rasa hands it to the output channel (BotUttered.message())."""
    message = {"text": "First part.\n\nSecond part.", "utter_action": "utter_x", "buttons": buttons}
    if metadata is not None:
        message["metadata"] = metadata
    return message


@pytest.mark.parametrize("buttons", [None, [{"title": "Talk to a person", "payload": "/request_human"}]])
async def test_every_part_of_a_crisis_reply_carries_the_flag(buttons):
    server = RecordingServer()
    output = channels.FlaggedSocketIOOutput(server, "bot_uttered")
    await output.send_response("visitor", bot_message({"crisis": True}, buttons))
    assert [m["text"] for m in server.emitted] == ["First part.", "Second part."]
    assert all(m["metadata"] == {"crisis": True} for m in server.emitted)
    if buttons:
        assert server.emitted[-1]["quick_replies"] == [
            {"content_type": "text", "title": "Talk to a person", "payload": "/request_human"}
        ]


@pytest.mark.parametrize("metadata", [None, {"question": "What is ketamine?"}, {"crisis": "yes"}])
async def test_other_replies_carry_no_flag(metadata):
    server = RecordingServer()
    await channels.FlaggedSocketIOOutput(server, "bot_uttered").send_response("visitor", bot_message(metadata))
    assert [m for m in server.emitted if "metadata" in m] == []
    assert [m["text"] for m in server.emitted] == ["First part.", "Second part."]


def test_the_channel_pushes_through_the_flagging_output():
    channel = channels.GuardedSocketIOInput(session_persistence=True)
    channel.blueprint(lambda message: None)
    assert isinstance(channel.get_output_channel(), channels.FlaggedSocketIOOutput)


def test_every_crisis_reply_is_marked_in_the_domain_and_nothing_else():
    from rasa.shared.core.domain import Domain

    from clinic_assistant.risk import conversation

    crisis_replies = set(conversation.CRISIS_ACTIONS)  # what the policy and the tests count as a crisis reply
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    marked = {
        name for name, variants in domain.responses.items()
        if any(channels.is_crisis_reply(variant) for variant in variants)
    }
    assert marked == crisis_replies
    for name in crisis_replies:  # every variant, so no condition can drop the flag
        assert all(channels.is_crisis_reply(variant) for variant in domain.responses[name]), name


async def test_the_deletion_confirmation_tells_the_widget_to_forget_its_copy():
    server = RecordingServer()
    message = {**bot_message(None), "utter_action": "utter_data_deleted"}
    await channels.FlaggedSocketIOOutput(server, "bot_uttered").send_response("visitor", message)
    assert all(m["metadata"] == {"forget_transcript": True} for m in server.emitted)
    assert "utter_data_deleted" in domain_response_names()  # the name still exists


def domain_response_names() -> set[str]:
    from rasa.shared.core.domain import Domain

    return set(Domain.load(str(PROJECT_ROOT / "domain.yml")).responses)
