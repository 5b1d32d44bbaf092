"""The crisis-escalation worker as the launcher runs it: an unclaimed crisis gets one on-call
e-mail (ON_CALL_EMAILS, over a real SMTP server) and one chat message to the visitor, audited; a
claimed one gets neither; a visitor message that cannot go out is audited; a failed round does not
stop the loop."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from clinic_assistant.console.rasa_client import RasaClientError
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import AuditEvent, HandoffReason, HandoffStatus
from clinic_assistant.privacy import PurgeReport
from clinic_assistant.references import conversation_ref
from clinic_assistant.review import escalation_worker
from clinic_assistant.review.escalation import VISITOR_RESPONSE
from clinic_assistant.settings import load_escalation_settings
from tests.support.smtp import smtp_server

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


class Inbox:
    def __init__(self) -> None:
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.recipients.append(envelope.rcpt_tos)
        return "250 OK"


class FakeRasa:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail = fail

    def send_response(self, conversation_id: str, response: str) -> None:
        if self.fail:
            raise RasaClientError("connection refused")
        self.sent.append((conversation_id, response))


@pytest.fixture
def smtp_port():
    inbox = Inbox()
    with smtp_server(inbox) as port:
        yield port, inbox


def settings_for(database_url: str, smtp_port: int = 25, smtp_host: str = "127.0.0.1"):
    return load_escalation_settings({
        "DATABASE_URL": database_url, "RASA_API_TOKEN": "x" * 40, "SMTP_HOST": smtp_host, "SMTP_PORT": str(smtp_port),
        "STAFF_ALERT_EMAILS": "desk@clinic.example", "ON_CALL_EMAILS": "on-call@clinic.example",
        "CRISIS_CLAIM_MINUTES": "5",
    })


def add_crisis(database_url: str, conversation_id: str, minutes_ago: int, claimed_by: str | None = None) -> int:
    with session_scope(database_url) as session:
        handoff = create_handoff(session=session, conversation_id=conversation_id, reason=HandoffReason.CRISIS,
                                 risk_category="suicide_self_harm", severity="high")
        handoff.created_at = NOW - dt.timedelta(minutes=minutes_ago)
        if claimed_by:
            handoff.status, handoff.claimed_by = HandoffStatus.CLAIMED, claimed_by
        return handoff.id


def audit(database_url: str) -> list[AuditEvent]:
    """Audit events, oldest first."""
    with session_scope(database_url) as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())


def test_an_unclaimed_crisis_alerts_on_call_and_tells_the_visitor_once_and_is_audited(database_url, smtp_port):
    port, inbox = smtp_port
    waiting = add_crisis(database_url, "waiting", minutes_ago=6)
    add_crisis(database_url, "claimed", minutes_ago=30, claimed_by="sam")
    add_crisis(database_url, "recent", minutes_ago=2)
    settings, rasa = settings_for(database_url, port), FakeRasa()
    first = escalation_worker.check_once(settings, rasa, now=NOW)
    again = escalation_worker.check_once(settings, rasa, now=NOW + dt.timedelta(minutes=1))
    assert [e.handoff_id for e in first] == [waiting] and again == []
    assert rasa.sent == [("waiting", VISITOR_RESPONSE)]
    assert inbox.recipients == [["on-call@clinic.example"]]
    events = [e for e in audit(database_url) if e.action == "crisis_escalated"]
    expected = [(None, f"conversation={conversation_ref('waiting')}")]
    assert [(e.staff_username, e.detail.split(";")[0]) for e in events] == expected
    assert "on-call alert sent" in events[0].detail


def test_a_visitor_message_that_cannot_go_out_is_audited(database_url):
    add_crisis(database_url, "waiting", minutes_ago=6)
    escalations = escalation_worker.check_once(settings_for(database_url, smtp_host=""), FakeRasa(fail=True),
                                               now=NOW)
    assert len(escalations) == 1
    details = [e.detail for e in audit(database_url) if e.action == "crisis_escalated"]
    assert details[0].endswith("on-call alert disabled; visitor told: utter_staff_not_joined")
    assert details[1].endswith(f"failed: {VISITOR_RESPONSE} not delivered, assistant unreachable")


def test_the_loop_goes_on_after_a_failed_round_and_stops_when_asked(database_url, monkeypatch):
    rounds = []
    stop = threading.Event()

    def flaky(settings, rasa):
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise OSError("database restarting")
        stop.set()
        return []

    monkeypatch.setattr(escalation_worker, "check_once", flaky)
    monkeypatch.setattr(escalation_worker, "purge_requested", lambda *args, **kwargs: PurgeReport(0, 0))
    monkeypatch.setattr(escalation_worker, "purge", lambda *args, **kwargs: PurgeReport(0, 0))
    settings = load_escalation_settings({"DATABASE_URL": database_url, "RASA_API_TOKEN": "x" * 40,
                                         "ESCALATION_CHECK_SECONDS": "5"})
    clock = FakeClock(stop)
    worker = threading.Thread(target=escalation_worker.run, args=(settings, FakeRasa(), stop, clock))
    monkeypatch.setattr(stop, "wait", clock.wait)  # no real sleeping in a test
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive() and rounds == [0, 1]


class FakeClock:
    """The worker's clock: waiting moves it on at once."""

    def __init__(self, stop: threading.Event) -> None:
        self.now = 0.0
        self.stop = stop

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.now += seconds
        return self.stop.is_set()


def test_deletion_requests_are_purged_every_purge_check_seconds_and_retention_hourly(database_url, monkeypatch):
    stop = threading.Event()
    clock = FakeClock(stop)
    runs = {"requested": [], "retention": []}

    def recorder(kind: str):
        def purge(*args, **kwargs):
            runs[kind].append(clock.now)
            if kind == "retention" and clock.now >= 7200:
                stop.set()
            return PurgeReport(0, 0)
        return purge

    monkeypatch.setattr(escalation_worker, "check_once", lambda settings, rasa: [])
    monkeypatch.setattr(escalation_worker, "purge_requested", recorder("requested"))
    monkeypatch.setattr(escalation_worker, "purge", recorder("retention"))
    monkeypatch.setattr(stop, "wait", clock.wait)
    settings = load_escalation_settings({"DATABASE_URL": database_url, "RASA_API_TOKEN": "x" * 40,
                                         "PURGE_CHECK_SECONDS": "60"})
    escalation_worker.run(settings, FakeRasa(), stop, clock)
    assert runs["requested"][:3] == [0, 60, 120] and len(runs["requested"]) == 121
    assert runs["retention"] == [0, 3600, 7200]
