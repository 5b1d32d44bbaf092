"""Fixtures for tests that need the trained model (MODEL_PATH, set by scripts/test.sh)."""
from __future__ import annotations

import asyncio
import uuid

import pytest


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
