"""Server-issued socket.io sessions: the signature, the widget's namespace, and the signing key."""
from __future__ import annotations

import pytest
from sanic.exceptions import InvalidUsage

from clinic_assistant.rasa_plugins import channels
from clinic_assistant.rasa_plugins.web_sessions import (
    WEB_SESSION_ID,
    is_signed,
    is_web_session_id,
    new_session_id,
    session_token,
)
from clinic_assistant.settings import SettingsError, load_session_signing_key

KEY = b"k" * 32


def test_an_issued_session_is_signed_and_nothing_else_is():
    session_id = new_session_id()
    assert WEB_SESSION_ID.match(session_id) and session_id != new_session_id()
    token = session_token(KEY, session_id)
    assert is_signed(KEY, session_id, token)
    assert not is_signed(b"another key" * 3, session_id, token)
    assert not is_signed(KEY, new_session_id(), token)
    assert not is_signed(KEY, session_id, None) and not is_signed(KEY, session_id, token.upper())
    # Only the widget's form of id, whatever the signature.
    old_widget_id = "0123456789abcdef0123456789abcdef"
    assert not is_signed(KEY, old_widget_id, session_token(KEY, old_widget_id))


@pytest.mark.parametrize(
    "sender, widget", [("web-x", True), ("WEB-x", True), ("webmaster", False), ("e2e-web-1", False)]
)
def test_the_widgets_namespace(sender, widget):
    assert is_web_session_id(sender) is widget


class JsonRequest:
    def __init__(self, body):
        self.json = body


def test_the_rest_channel_refuses_a_widget_id_with_a_reason():
    with pytest.raises(InvalidUsage, match='may not start with "web-"'):
        channels.rest_message(JsonRequest({"sender": "web-" + "0" * 32, "message": "hello"}))
    assert channels.rest_message(JsonRequest({"sender": "visitor-1", "message": "hello"}))[0] == "visitor-1"


def test_the_signing_key_is_shared_by_every_server_with_the_same_environment():
    environ = {"ENV": "test", "CONSOLE_SECRET_KEY": "s" * 40}
    assert load_session_signing_key(environ) == load_session_signing_key(dict(environ))
    assert load_session_signing_key({**environ, "SESSION_SIGNING_KEY": "z" * 40}) == b"z" * 40
    # Derived, not the console's key itself.
    assert load_session_signing_key(environ) != b"s" * 40


@pytest.mark.parametrize("environ", [
    {"ENV": "test"},
    {"ENV": "production", "CONSOLE_SECRET_KEY": "dev-" + "x" * 40},
    {"ENV": "production", "CONSOLE_SECRET_KEY": "x" * 40, "SESSION_SIGNING_KEY": "short"},
    {"ENV": "production", "CONSOLE_SECRET_KEY": "x" * 40, "SESSION_SIGNING_KEY": "dev-" + "y" * 40},
])
def test_a_missing_or_development_key_is_refused_where_it_must_be(environ):
    with pytest.raises(SettingsError):
        load_session_signing_key(environ)
