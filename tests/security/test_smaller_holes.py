"""Item 1 (sender ids) and item 6 (SQL parameters in error logs) of issue 16."""

import logging

import pytest
from sqlalchemy import text

from clinic_assistant.db.engine import make_engine
from clinic_assistant.rasa_plugins.channels import REST_SENDER_ID


@pytest.mark.parametrize("sender", [".", "..", "../x", "a/b", "a\nb", "-x", "_x", ""])
def test_sender_ids_the_console_cannot_open_are_refused(sender):
    assert not REST_SENDER_ID.match(sender)


@pytest.mark.parametrize("sender", ["visitor-1", "a.b@c", "x:1", "A"])
def test_ordinary_sender_ids_pass(sender):
    assert REST_SENDER_ID.match(sender)


def test_a_database_error_does_not_log_the_bookings_personal_details(tmp_path, caplog):
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    secret = "Jane Doe jane.doe@example.org +1 555 0100"
    with caplog.at_level(logging.DEBUG), pytest.raises(Exception) as failure:
        with engine.connect() as connection:
            connection.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": secret})
    logging.getLogger("test").exception("database error", exc_info=failure.value)
    assert secret not in caplog.text
    assert secret not in str(failure.value)


def test_visitor_metadata_is_allow_listed():
    from clinic_assistant.rasa_plugins.channels import allowed_metadata

    sent = {"locale": "en", "page": "/faq", "ssn": "123-45-6789", "blob": "x" * 10_000, "locale2": {"a": 1}}
    assert allowed_metadata(sent) == {"locale": "en", "page": "/faq"}
    assert allowed_metadata({"page": "x" * 10_000}) == {}
    assert allowed_metadata(["not", "a", "dict"]) == {}


def test_socketio_frames_are_capped_like_http_requests():
    from rasa.core.channels.channel import UserMessage  # noqa: F401  (Rasa imports before the channel)

    from clinic_assistant.rasa_plugins.channels import MAX_REQUEST_BYTES, GuardedSocketIOInput

    channel = GuardedSocketIOInput(session_persistence=True)

    async def on_new_message(_message):
        return None

    channel.blueprint(on_new_message)
    assert channel.sio.eio.max_http_buffer_size == MAX_REQUEST_BYTES
