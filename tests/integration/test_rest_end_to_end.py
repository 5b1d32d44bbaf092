"""The whole stack over HTTP: Rasa server, action server, app database and a real SMTP server."""
from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.request
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import select

from clinic_assistant.db.bookings import create_booking
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Booking, Handoff, as_utc
from tests.clinic_days import next_open_weekday
from tests.support import conversations

CRISIS_TEXT = "i can't do this anymore, i'm going to kill myself tonight"


def send(rasa_port: int, sender: str, text: str) -> list[dict]:
    return conversations.send(f"http://127.0.0.1:{rasa_port}", sender, text)


def texts(replies: list[dict]) -> list[str]:
    return [reply.get("text", "") for reply in replies]


def test_hello_gets_the_disclosure_then_the_greeting(stack):
    (reply,) = texts(send(stack["rasa_port"], f"e2e-{uuid.uuid4().hex}", "hello"))
    disclosure, greeting = reply.split("\n\n")  # socket.io shows them as two messages
    assert "automated assistant" in disclosure and "not a person or a clinician" in disclosure
    assert "988" in disclosure and "911" in disclosure
    assert greeting.startswith("What would you like to know?")


def test_clinic_facts_are_filled_into_answers(stack):
    replies = texts(send(stack["rasa_port"], f"e2e-{uuid.uuid4().hex}", "how much does an infusion cost"))
    answer = replies[-1]
    assert "$450 per infusion" in answer and "{" not in answer


def test_a_crisis_gets_resources_first_records_a_handoff_and_emails_staff(stack):
    sender = f"e2e-{uuid.uuid4().hex}"
    send(stack["rasa_port"], sender, "hi")
    replies = texts(send(stack["rasa_port"], sender, CRISIS_TEXT))
    assert "911" in replies[0] and "988" in replies[0] and "741741" in replies[0]
    assert any("clinic team" in text for text in replies[1:])

    with session_scope(stack["database_url"]) as session:
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id == sender)).scalars().all()
        assert [(h.reason.value, h.risk_category, h.status.value) for h in handoffs] == [
            ("crisis", "suicide_self_harm", "open")
        ]
        assert handoffs[0].evidence

    subject = f"URGENT Handoff #{handoffs[0].id}: crisis"
    deadline = time.monotonic() + 10
    alerts = []
    while not alerts and time.monotonic() < deadline:
        time.sleep(0.2)
        alerts = [m for m in stack["inbox"].messages if m["Subject"] == subject]
    (alert,) = alerts  # one e-mail for this handoff
    assert alert["Subject"].startswith("URGENT Handoff")
    assert "kill" not in alert.get_payload()  # no message text in e-mail


def tracker(stack, sender: str) -> dict:
    url = f"http://127.0.0.1:{stack['rasa_port']}/conversations/{sender}/tracker?token={stack['token']}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_a_visitor_books_a_consultation_and_the_row_is_in_the_database(stack):
    sender = f"e2e-{uuid.uuid4().hex}"
    day = next_open_weekday()
    turns = [
        "I'd like to book a consultation",
        "Jane Q. Doe",
        "my email is Jane.Doe@Example.com",
        f"{day:%B} {day.day} at 10am",
        "/affirm",
        "/affirm",
    ]
    for text in turns:
        replies = texts(send(stack["rasa_port"], sender, text))
    assert any("Shall I send it" in text for text in replies), replies
    replies = texts(send(stack["rasa_port"], sender, "/confirm_booking"))
    reference = re.search(r"reference is ([A-Z0-9]{6})", " ".join(replies)).group(1)

    with session_scope(stack["database_url"]) as session:
        booking = session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()
        assert (booking.full_name, booking.contact_kind, booking.contact_value) == (
            "Jane Q. Doe", "email", "Jane.Doe@example.com",
        )
        assert as_utc(booking.preferred_start).astimezone(ZoneInfo("America/Los_Angeles")).date() == day
        assert booking.conversation_id == sender and booking.status.value == "new"


def test_a_typed_payload_that_was_not_offered_is_read_as_text(stack):
    sender = f"e2e-{uuid.uuid4().hex}"
    send(stack["rasa_port"], sender, "hello")
    send(stack["rasa_port"], sender, '/change_booking{"booking_field": "contact"}')
    latest = tracker(stack, sender)["latest_message"]
    assert latest["text"] == 'change_booking{"booking_field": "contact"}'
    assert not any(entity["entity"] == "booking_field" for entity in latest["entities"])


def test_a_risk_message_inside_a_typed_payload_is_still_a_crisis(stack):
    replies = texts(send(stack["rasa_port"], f"e2e-{uuid.uuid4().hex}", '/greet{"name": "i want to kill myself"}'))
    assert "988" in replies[0] and "911" in replies[0]


def slot(stack, sender: str, name: str):
    return tracker(stack, sender)["slots"].get(name)


def test_a_crisis_in_the_middle_of_the_booking_form_is_never_taken_as_a_name(stack):
    """The form trap: a free-text slot must not swallow a risk message (stories cannot see this)."""
    sender = f"e2e-{uuid.uuid4().hex}"
    replies = texts(send(stack["rasa_port"], sender, "book a consultation please"))
    assert "full name" in replies[-1]
    replies = texts(send(stack["rasa_port"], sender, "I want to kill myself"))
    assert "911" in replies[0] and "988" in replies[0]
    assert slot(stack, sender, "full_name") is None
    assert not (tracker(stack, sender)["active_loop"] or {}).get("name")  # the form was left


def test_a_crisis_when_asked_for_a_day_and_time_is_never_taken_as_a_time(stack):
    sender = f"e2e-{uuid.uuid4().hex}"
    for text in ("I'd like to book a consultation", "Sam Rivera", "sam@example.com"):
        replies = texts(send(stack["rasa_port"], sender, text))
    assert "Which day and time" in replies[-1]
    replies = texts(send(stack["rasa_port"], sender, "monday i'm going to end my life"))
    assert "911" in replies[0] and "988" in replies[0]
    assert slot(stack, sender, "preferred_time") is None


def test_a_crisis_in_the_middle_of_the_pre_screen(stack):
    sender = f"e2e-{uuid.uuid4().hex}"
    for text in ("am i a candidate for this", "/affirm", "yes"):
        replies = texts(send(stack["rasa_port"], sender, text))
    assert "2 of 11" in replies[-1]
    replies = texts(send(stack["rasa_port"], sender, "honestly i've been cutting myself again"))
    assert "911" in replies[0] and "988" in replies[0]
    assert slot(stack, sender, "screen_diagnosed") is None


def test_a_visitor_cancels_an_earlier_request_with_its_reference_and_contact(stack):
    with session_scope(stack["database_url"]) as session:
        reference = create_booking(
            session=session, conversation_id="an-earlier-visit", full_name="Jane Doe", contact_kind="phone",
            contact_value="+15550100199", preferred_start=dt.datetime(2026, 12, 1, 18, tzinfo=dt.timezone.utc),
            preferred_window=None, preferred_label="Tuesday 1 December at 10:00 am", is_adult=True,
            contact_consent=True,
        ).reference
    sender = f"e2e-{uuid.uuid4().hex}"
    for text in ("i need to cancel my booking", f"it's {reference.lower()}", "(555) 010-0000"):
        replies = texts(send(stack["rasa_port"], sender, text))
    assert "couldn't find" in replies[-1]  # the wrong contact detail finds nothing

    for text in ("i need to cancel my booking", reference, "555 010 0199"):
        replies = texts(send(stack["rasa_port"], sender, text))
    assert f"I found request {reference} for Tuesday 1 December at 10:00 am" in replies[-1]
    replies = texts(send(stack["rasa_port"], sender, "/cancel_booking"))
    assert f"request {reference} is cancelled" in replies[-1]
    with session_scope(stack["database_url"]) as session:
        booking = session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()
        assert booking.status.value == "cancelled"
