"""Fixtures for tests that need the trained model (MODEL_PATH, set by scripts/test.sh).

`stack` is one running system for every test that does not stop a server: what `make run` starts
(Rasa, the action gateway, the action server), the staff console app, a real SMTP server that
catches the staff alerts, and a staff user. It loads the model once for the whole session; tests
that crash or stop a server start their own (test_make_run_action_server_crash.py,
test_crisis_without_action_server.py). Each test talks in conversations of its own.
"""
from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
from aiosmtpd.handlers import Message as MessageHandler
from werkzeug.serving import make_server

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.db.staff import create_staff_user
from clinic_assistant.settings import load_settings
from clinic_assistant.web.app import create_app
from tests.support.console import Console
from tests.support.servers import server_env, stack_running
from tests.support.smtp import smtp_server

STAFF_PASSWORD = "quiet meadow ladder 58"


class Inbox(MessageHandler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture(scope="session")
def stack(model_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stack")
    inbox = Inbox()
    with smtp_server(inbox) as smtp_port:
        # A smaller per-sender burst than the default 120, so the flood test (tests/security) sees it run out.
        env = server_env(
            tmp, SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), STAFF_ALERT_EMAILS="on-call@clinic.example",
            RATE_LIMIT_SENDER_BURST="30",
        )
        settings = load_settings(env)
        upgrade(settings.database_url)
        with session_scope(settings.database_url) as session:
            create_staff_user(session=session, username="sam", display_name="Sam Lee", password=STAFF_PASSWORD)
        with stack_running(model_path, env, tmp) as services:
            app = create_app(settings)  # the real HTTP client to Rasa's API
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                yield {
                    "rasa_port": settings.rasa_port,
                    "rasa": f"http://127.0.0.1:{settings.rasa_port}",
                    # Straight to the action server, not through its gateway.
                    "actions": f"http://127.0.0.1:{services['actions'].port}",
                    "rasa_pid": services["rasa"].pid,
                    "database_url": settings.database_url,
                    "env": env,  # for a test that starts a process of its own on the same databases
                    "token": settings.rasa_api_token,
                    "inbox": inbox,
                    "smtp_port": smtp_port,
                    "console": Console(f"http://127.0.0.1:{server.server_port}", settings, None, None, app),
                }
            finally:
                server.shutdown()
                thread.join(timeout=10)


@pytest.fixture(scope="session")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def agent(model_path, loop):
    """The trained assistant in-process, with the clinic's NLG and no action server."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    nlg = EndpointConfig(type="clinic_assistant.rasa_plugins.nlg.ClinicResponseGenerator")
    return Agent.load(str(model_path), generator=nlg)


@pytest.fixture
def parse(agent, loop):
    return lambda text: loop.run_until_complete(agent.parse_message(text))


@pytest.fixture
def conversation(agent, loop):
    """Send messages in one new conversation; returns the bot's replies to each message."""
    sender = f"test-{uuid.uuid4().hex}"
    return lambda text: loop.run_until_complete(agent.handle_text(text, sender_id=sender)) or []
