"""The channels' rate limits (rasa_plugins/channels.py): past a limit a message gets
`utter_slow_down` and is not processed, but a crisis message is always processed."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from multidict import CIMultiDict
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.rasa_plugins import channels
from clinic_assistant.rasa_plugins.internals import compat
from clinic_assistant.rasa_plugins.web_sessions import new_session_id, session_token
from clinic_assistant.settings import (
    PROJECT_ROOT,
    clear_settings_cache,
    get_rasa_settings,
    load_session_signing_key,
)

SESSION = "web-0123456789abcdef0123456789abcdef"
CRISIS = "i want to kill myself tonight"


def forget_limits() -> None:
    clear_settings_cache()
    channels.shared_rate_limits.cache_clear()
    channels.shared_admission.cache_clear()  # it remembers flagged visitors


@pytest.fixture
def limits(monkeypatch):
    """Small limits (a burst of 3 per sender, 5 per address), 127.0.0.1 a trusted proxy."""
    monkeypatch.setenv("RATE_LIMIT_SENDER_BURST", "3")
    monkeypatch.setenv("RATE_LIMIT_SENDER_PER_MINUTE", "1")
    monkeypatch.setenv("RATE_LIMIT_ADDRESS_BURST", "5")
    monkeypatch.setenv("RATE_LIMIT_ADDRESS_PER_MINUTE", "1")
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1")

    async def nothing_offered(sender_id):
        return set()

    monkeypatch.setattr(channels, "offered_payloads", nothing_offered)
    forget_limits()
    yield
    forget_limits()


@pytest.fixture
def running_agent(monkeypatch):
    """The agent the channels find in Rasa's server: the project's domain and clinic values."""
    clinic_values = load_clinic_config(PROJECT_ROOT / "clinic.yml").template_values()
    agent = SimpleNamespace(domain=Domain.load(str(PROJECT_ROOT / "domain.yml")),
                            nlg=SimpleNamespace(clinic_values=clinic_values))
    monkeypatch.setattr(compat, "running_agent", lambda: agent)
    return agent


async def test_past_the_sender_limit_ordinary_messages_are_refused_but_a_crisis_goes_through(limits):
    processed = []

    async def on_new_message(message):
        processed.append(message.text)

    guarded = channels.guard(on_new_message)
    for n in range(3):
        await guarded(UserMessage(f"question {n}", sender_id="flood"), "127.0.0.1")
    with pytest.raises(channels.TooFast):
        await guarded(UserMessage("question 3", sender_id="flood"), "127.0.0.1")
    await guarded(UserMessage(CRISIS, sender_id="flood"), "127.0.0.1")
    await guarded(UserMessage(CRISIS, sender_id="flood"), "127.0.0.1")
    await guarded(UserMessage("question 0", sender_id="someone else"), "127.0.0.1")
    assert processed == ["question 0", "question 1", "question 2", CRISIS, CRISIS, "question 0"]


async def test_a_visitor_just_flagged_is_not_limited_so_their_answer_to_are_you_safe_gets_through(limits):
    processed = []

    async def on_new_message(message):
        processed.append(message.text)

    guarded = channels.guard(on_new_message)
    for n in range(5):  # a flood from one address (a school's, a hospital's) has used up its tokens
        await guarded(UserMessage("hello", sender_id=f"flood-{n}"), "203.0.113.9")
    await guarded(UserMessage(CRISIS, sender_id="behind-the-same-nat"), "203.0.113.9")
    await guarded(UserMessage("no", sender_id="behind-the-same-nat"), "203.0.113.9")
    assert processed[-2:] == [CRISIS, "no"]


async def test_past_the_address_limit_made_up_senders_are_refused_except_a_crisis(limits):
    processed = []

    async def on_new_message(message):
        processed.append(message.sender_id)

    guarded = channels.guard(on_new_message)
    for n in range(5):
        await guarded(UserMessage("hello", sender_id=f"made-up-{n}"), "203.0.113.9")
    with pytest.raises(channels.TooFast):
        await guarded(UserMessage("hello", sender_id="made-up-5"), "203.0.113.9")
    await guarded(UserMessage(CRISIS, sender_id="made-up-6"), "203.0.113.9")
    # Loopback (a harness, a proxy on this machine) is not limited per address.
    for n in range(10):
        await guarded(UserMessage("hello", sender_id=f"local-{n}"), "127.0.0.1")
    assert len(processed) == 5 + 1 + 10


def request(peer: str, forwarded_for: str | None = None):
    headers = CIMultiDict({"X-Forwarded-For": forwarded_for} if forwarded_for else {})
    return SimpleNamespace(ip=peer, headers=headers)


def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(limits):
    assert [str(network) for network in get_rasa_settings().trusted_proxies] == ["127.0.0.1/32"]
    assert channels.request_client_address(request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    assert channels.request_client_address(request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert channels.request_client_address(request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    assert channels.request_client_address(request("127.0.0.1")) == "127.0.0.1"


def test_the_slow_down_reply_comes_from_the_domain_and_names_the_crisis_lines(running_agent):
    text = channels.channel_text("utter_slow_down")
    assert text.startswith("Sorry, you're sending messages faster than I can answer them")
    assert "988" in text and "{" not in text


def test_a_model_trained_before_utter_slow_down_still_sends_the_crisis_lines(running_agent, monkeypatch):
    monkeypatch.delitem(running_agent.domain.responses, "utter_slow_down")
    text = channels.channel_text("utter_slow_down")
    assert text.startswith("If you are in immediate danger") and "988" in text


async def test_socketio_messages_are_limited_by_the_sockets_address_and_told_to_slow_down(
    limits, running_agent, monkeypatch
):
    """Rasa's socket.io handler, wrapped to know the address of the socket (a trusted proxy's
    X-Forwarded-For here); the reply to a refused message is `utter_slow_down`, a crisis still goes."""
    processed, emitted = [], []
    monkeypatch.setenv("SESSION_SIGNING_KEY", "test-signing-key-" + "x" * 32)
    key = load_session_signing_key()

    def signed(text: str, session_id: str) -> dict:
        return {"message": text, "session_id": session_id, "token": session_token(key, session_id)}

    async def on_new_message(message):
        processed.append(message.text)

    channel = channels.GuardedSocketIOInput(session_persistence=True)
    channel.blueprint(on_new_message)

    async def emit(event, data, room=None, **_):
        emitted.append(data["text"])

    monkeypatch.setattr(channel.sio, "emit", emit)
    monkeypatch.setattr(compat, "socketio_request", lambda sio, sid, namespace: request("127.0.0.1", "203.0.113.9"))
    handle = channel.sio.handlers["/"]["user_uttered"]
    for _ in range(5):
        await handle("sid-1", signed("hello", new_session_id()))
    await handle("sid-1", signed("hello", SESSION))
    await handle("sid-1", signed(CRISIS, SESSION))
    assert processed == ["hello"] * 5 + [CRISIS]
    assert len(emitted) == 1 and emitted[0].startswith("Sorry, you're sending messages faster")
