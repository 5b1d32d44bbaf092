"""Faults a clinic will meet: the action servers die, a Rasa server dies, PostgreSQL restarts."""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import subprocess

import pytest
from sqlalchemy import select

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Booking, Handoff
from tests.clinic_days import next_open_weekday

from .client import (
    Visitor,
    conversations_per_server,
    is_answer,
    poll,
    push_staff_message,
    say,
    send,
    texts,
    tracker,
    widget_sessions_per_server,
)
from .conftest import TOKEN

APOLOGY = "something went wrong on our side"  # utter_unavailable
CRISIS_TEXT = "i can't do this anymore, i'm going to kill myself tonight"
BOOKING_SLOTS = ("full_name", "contact", "contact_kind", "preferred_start", "is_adult", "contact_consent")
ASKS_NAME, ASKS_CONTACT, ASKS_TIME = "What is your full name?", "What phone number or e-mail", "Which day and time"


def when(day: dt.date) -> str:
    return f"{day:%B} {day.day} at 10am"


def finish_booking(base_url: str, sender: str) -> str:
    """From the 18+ question to the confirmed booking; returns its reference."""
    for text in ("/affirm", "/affirm"):
        replies = send(base_url, sender, text)[0]
    assert any("Shall I send it" in text for text in texts(replies)), replies
    # Confirm with the summary's own button, as the widget would.
    offered = [button["payload"] for reply in replies for button in reply.get("buttons") or []]
    confirm = next(payload for payload in offered if "confirm" in payload)
    replies = say(base_url, sender, confirm)
    found = re.search(r"reference is ([A-Z0-9]{6})", " ".join(replies))
    slots = tracker(base_url, TOKEN, sender)["slots"]
    assert found, (replies, {name: slots.get(name) for name in BOOKING_SLOTS})
    return found.group(1)


def book(base_url: str, sender: str, name: str) -> str:
    assert ASKS_NAME in say(base_url, sender, "I'd like to book a consultation")[-1]
    assert ASKS_CONTACT in say(base_url, sender, name)[-1]
    assert ASKS_TIME in say(base_url, sender, f"{name.split()[0].lower()}@example.com")[-1]
    say(base_url, sender, when(next_open_weekday()))
    return finish_booking(base_url, sender)


def user_texts(base_url: str, sender: str) -> list[str]:
    return [e["text"] for e in tracker(base_url, TOKEN, sender)["events"] if e["event"] == "user"]


def test_action_servers_killed_mid_conversation(cluster, urls):
    balancer = urls["balancer"]
    sender = secrets.token_hex(16)
    assert ASKS_NAME in say(balancer, sender, "I'd like to book a consultation")[-1]

    # One action server dies: the balancer sends every action to the other; nobody notices.
    cluster.kill("actions1")
    replies = say(balancer, sender, "Jane Q. Doe")
    assert ASKS_CONTACT in replies[-1] and not any(APOLOGY in text for text in replies)

    # Both die: the visitor is told, with the crisis lines, instead of hearing nothing.
    cluster.kill("actions2")
    replies = say(balancer, sender, "my email is Jane.Doe@Example.com")
    apology = next(text for text in replies if APOLOGY in text)
    assert "911" in apology and "988" in apology and "(555) 010-0199" in apology
    # Nothing unvalidated was kept: the form asks for the contact again.
    assert ASKS_CONTACT in replies[-1]
    assert tracker(balancer, TOKEN, sender)["slots"]["contact"] is None
    # The crisis resources do not need the action servers.
    crisis = say(balancer, secrets.token_hex(16), CRISIS_TEXT)
    assert "911" in crisis[0] and "988" in crisis[0] and "741741" in crisis[0]

    # Back up: the same conversation goes on where it was, to a confirmed booking.
    cluster.start("actions1", wait=False)
    cluster.start("actions2", wait=False)
    cluster.wait_healthy("actions1")
    cluster.wait_healthy("actions2")
    cluster.wait_balanced()
    replies = say(balancer, sender, "my email is Jane.Doe@Example.com")
    assert ASKS_TIME in replies[-1] and not any(APOLOGY in text for text in replies)
    say(balancer, sender, when(next_open_weekday()))
    reference = finish_booking(balancer, sender)
    with session_scope(cluster.config.app_database_url) as session:
        booking = session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()
        assert (booking.full_name, booking.contact_value, booking.conversation_id) == (
            "Jane Q. Doe", "Jane.Doe@example.com", sender,
        )


def test_a_rasa_server_killed_behind_the_balancer(cluster, urls):
    balancer = urls["balancer"]
    on = conversations_per_server(balancer, 2)  # each has said "hello"
    doomed, survivor = on["rasa1"][0], on["rasa2"][0]
    for sender in (doomed, survivor):
        assert ASKS_NAME in say(balancer, sender, "I'd like to book a consultation")[-1]
    # A widget conversation whose socket is on rasa1 too.
    visitor = Visitor(balancer, session_id=widget_sessions_per_server(balancer, TOKEN, 1)["rasa1"][0])
    try:
        visitor.say("what is ketamine")
        visitor.wait_for(is_answer("utter_faq/what_is_ketamine"))

        cluster.kill("rasa1")

        # The next message of the conversation rasa1 held is answered by rasa2, in the middle of
        # the form, where the conversation was. (Until the balancer's health check marks rasa1
        # down, about 2 s, a message may be refused with 503 and not processed: the widget
        # sends it again, as does this visitor.)
        replies, server = poll(lambda: send(balancer, doomed, "Jane Q. Doe"), what="an answer from rasa2")
        assert server == "rasa2"
        assert ASKS_CONTACT in texts(replies)[-1]
        assert user_texts(balancer, doomed) == ["hello", "I'd like to book a consultation", "Jane Q. Doe"]
        # The conversation that was on rasa2 never noticed.
        replies, server = send(balancer, survivor, "Sam Rivera")
        assert server == "rasa2" and ASKS_CONTACT in texts(replies)[-1]

        # The visitor's widget reconnects through the balancer to rasa2 and goes on; staff
        # messages reach it there.
        poll(lambda: visitor.confirmed.is_set() and visitor.client.connected, what="the socket reconnected")
        visitor.say("is it addictive")
        visitor.wait_for(is_answer("utter_faq/addiction"))
        assert push_staff_message(balancer, TOKEN, visitor.session_id, "Sam here, still with you.") == "rasa2"
        visitor.wait_for(lambda message: message.get("text") == "Sam here, still with you.")
        assert user_texts(balancer, visitor.session_id) == ["what is ketamine", "is it addictive"]
    finally:
        visitor.close()


def restart_postgresql() -> None:
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/etc/postgresql"):
        if os.environ.get("CI"):
            pytest.fail("pg_ctlcluster is needed to restart PostgreSQL in CI")
        pytest.skip("this test restarts the machine's PostgreSQL with pg_ctlcluster")
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".") if p.isdigit()])[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=120)
    poll(lambda: subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0,
         what="PostgreSQL accepting connections")


def test_postgresql_restarted(cluster, urls):
    balancer = urls["balancer"]
    booker, in_crisis = secrets.token_hex(16), secrets.token_hex(16)
    reference = book(balancer, booker, "Ada Lovelace")
    assert "988" in say(balancer, in_crisis, CRISIS_TEXT)[0]
    pids = {name: process.pid for name, process in cluster.processes.items()}

    restart_postgresql()

    # What was confirmed before is still there.
    with session_scope(cluster.config.app_database_url) as session:
        booking = session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()
        assert (booking.full_name, booking.conversation_id) == ("Ada Lovelace", booker)
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id == in_crisis)).scalars().all()
        assert [(h.reason.value, h.status.value) for h in handoffs] == [("crisis", "open")]

    # The assistant recovers by itself (no process restarted): the conversations go on, with
    # their history, and new bookings and handoffs are stored.
    replies = poll(lambda: say(balancer, booker, "how much does an infusion cost"), what="an answer after the restart")
    assert any("$450" in text for text in replies)
    history = user_texts(balancer, booker)
    assert history[0] == "I'd like to book a consultation" and history[-1] == "how much does an infusion cost"
    assert history.count("how much does an infusion cost") == 1
    second = book(balancer, secrets.token_hex(16), "Grace Hopper")
    assert "988" in say(balancer, secrets.token_hex(16), CRISIS_TEXT)[0]
    with session_scope(cluster.config.app_database_url) as session:
        assert session.execute(select(Booking).where(Booking.reference == second)).scalar_one()
        assert len(session.execute(select(Handoff)).scalars().all()) >= 2
    assert {name: process.pid for name, process in cluster.processes.items()} == pids
    assert all(cluster.running(name) for name in pids)
