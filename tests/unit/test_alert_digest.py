"""Staff alert e-mails in a flood (clinic_assistant/alert_digest.py), over a real SMTP server and on
SQLite and PostgreSQL: up to the threshold one by one, then one digest with counts and handoff
numbers only, sent when the window ends or before the next alert that goes on its own."""
from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.handlers import Message
from sqlalchemy import select

from clinic_assistant.alert_digest import DigestingNotifier, staff_notifier
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import StaffAlert
from clinic_assistant.notify import EmailNotifier, EscalationNotice, HandoffNotice, NotifyOutcome
from clinic_assistant.review import escalation_worker
from clinic_assistant.settings import load_action_settings, load_escalation_settings
from tests.support.smtp import smtp_server

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
WINDOW = dt.timedelta(minutes=10)


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)

    @property
    def subjects(self) -> list[str]:
        return [m["Subject"] for m in self.messages]


@pytest.fixture
def smtp():
    inbox = Inbox()
    with smtp_server(inbox) as port:
        yield port, inbox


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def notifier(database_url: str, port: int, clock: Clock, threshold: int = 5) -> DigestingNotifier:
    email = EmailNotifier("127.0.0.1", port, "assistant@clinic.example", ("on-call@clinic.example",))
    return DigestingNotifier(email, database_url, threshold=threshold, window=WINDOW, clock=clock)


def crisis(handoff_id: int) -> HandoffNotice:
    return HandoffNotice(handoff_id, "crisis", "suicide_self_harm", "high")


def test_a_flood_of_alerts_is_five_e_mails_then_one_digest_at_the_end_of_the_window(database_url, smtp):
    port, inbox = smtp
    clock = Clock()
    alerts = notifier(database_url, port, clock)
    outcomes = []
    for handoff_id in range(1, 51):
        clock.now += dt.timedelta(seconds=1)
        outcomes.append(alerts.notify(crisis(handoff_id)))
    assert outcomes == [NotifyOutcome.SENT] * 5 + [NotifyOutcome.HELD] * 45
    assert len(inbox.messages) == 5

    clock.now = START + dt.timedelta(minutes=9)
    assert alerts.send_digest_if_due() is None  # the oldest held alert has not waited a window yet
    clock.now = START + dt.timedelta(minutes=10, seconds=6)
    assert alerts.send_digest_if_due() is NotifyOutcome.SENT
    assert alerts.send_digest_if_due() is None  # each held alert is in one digest

    assert len(inbox.messages) == 6
    digest = inbox.messages[-1]
    assert digest["Subject"] == "URGENT Alert digest: 45 more handoffs (45 crisis)"
    body = digest.get_payload(decode=True).decode()
    assert "crisis: 45" in body and "Crisis severity: high 45" in body
    assert "#6, #7" in body and "#50" in body and "#5," not in body


def test_the_digest_holds_no_visitor_words_or_conversation_ids(database_url, smtp):
    port, inbox = smtp
    clock = Clock()
    alerts = notifier(database_url, port, clock, threshold=1)
    alerts.notify(crisis(1))
    alerts.notify(HandoffNotice(2, "request_human", None, None))
    clock.now += WINDOW
    alerts.send_digest_if_due()
    body = inbox.messages[-1].get_payload(decode=True).decode()
    assert "request_human: 1" in body and "#2" in body
    # What a digest is made from: numbers and names, no column for a visitor's words.
    columns = set(StaffAlert.__table__.columns.keys())
    assert columns == {"id", "at", "handoff_id", "reason", "severity", "held", "digest"}


def test_when_the_flood_is_over_the_held_alerts_go_out_before_the_next_single_alert(database_url, smtp):
    port, inbox = smtp
    clock = Clock()
    alerts = notifier(database_url, port, clock, threshold=2)
    for handoff_id in (1, 2, 3, 4):
        clock.now += dt.timedelta(minutes=1)
        alerts.notify(crisis(handoff_id))
    clock.now = START + dt.timedelta(minutes=11, seconds=30)  # alert 1 left the window, 2 is still in it
    assert alerts.notify(crisis(5)) is NotifyOutcome.SENT
    assert inbox.subjects == [
        "URGENT Handoff #1: crisis", "URGENT Handoff #2: crisis",
        "URGENT Alert digest: 2 more handoffs (2 crisis)", "URGENT Handoff #5: crisis",
    ]


def test_a_digest_that_could_not_be_sent_is_tried_again(database_url, smtp):
    port, inbox = smtp
    clock = Clock()
    alerts = notifier(database_url, port, clock, threshold=1)
    alerts.notify(crisis(1))
    alerts.notify(crisis(2))
    clock.now += WINDOW
    down = notifier(database_url, 1, clock, threshold=1)  # nothing listens on port 1
    assert down.send_digest_if_due() is NotifyOutcome.FAILED
    assert alerts.send_digest_if_due() is NotifyOutcome.SENT
    assert inbox.subjects[-1] == "URGENT Alert digest: 1 more handoff (1 crisis)"


def test_without_smtp_nothing_is_recorded_or_sent(database_url):
    alerts = DigestingNotifier(EmailNotifier("", 25, "a@b", ("c@d",)), database_url, threshold=1, window=WINDOW)
    assert alerts.notify(crisis(1)) is NotifyOutcome.DISABLED
    with session_scope(database_url) as session:
        assert session.execute(select(StaffAlert)).scalars().all() == []


def test_when_the_count_fails_the_alert_is_e_mailed_on_its_own(smtp, tmp_path):
    port, inbox = smtp
    (tmp_path / "file").write_text("")
    broken = f"sqlite:///{tmp_path}/file/app.db"
    assert notifier(broken, port, Clock()).notify(crisis(7)) is NotifyOutcome.SENT
    assert inbox.subjects == ["URGENT Handoff #7: crisis"]


def test_the_escalation_worker_sends_a_digest_whose_window_has_ended(database_url, smtp):
    port, inbox = smtp
    environ = {"DATABASE_URL": database_url, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
               "STAFF_ALERT_EMAILS": "desk@clinic.example", "ALERT_DIGEST_THRESHOLD": "1",
               "ALERT_DIGEST_WINDOW_MINUTES": "1", "RASA_API_TOKEN": "x" * 40, "ACTION_SERVER_TOKEN": "y" * 40}
    alerts = staff_notifier(load_action_settings(environ))
    alerts.clock = lambda: START
    alerts.notify(crisis(1))
    alerts.notify(crisis(2))
    assert len(inbox.messages) == 1
    # The worker's own clock is the real one: START is long past.
    escalation_worker.check_once(load_escalation_settings(environ), rasa=None)
    assert inbox.subjects[-1] == "URGENT Alert digest: 1 more handoff (1 crisis)"


def test_a_flood_of_unclaimed_crises_escalates_up_to_the_threshold_then_digests_to_staff_and_on_call(
    database_url, smtp
):
    port, inbox = smtp
    clock = Clock()
    alerts = notifier(database_url, port, clock, threshold=5)
    alerts.on_call = ("on-call@clinic.example", "lead@clinic.example")
    outcomes = [alerts.escalate(EscalationNotice(n, 6, "suicide_self_harm", "high"), alerts.on_call)
                for n in range(1, 9)]
    assert outcomes == [NotifyOutcome.SENT] * 5 + [NotifyOutcome.HELD] * 3
    assert all(m["Subject"].startswith("URGENT, NOT CLAIMED") for m in inbox.messages)
    clock.now += WINDOW
    assert alerts.send_digest_if_due() is NotifyOutcome.SENT
    digest = inbox.messages[-1]
    assert digest["Subject"] == "URGENT Alert digest: 3 more handoffs (3 crisis)"
    assert "unclaimed_crisis: 3" in digest.get_payload(decode=True).decode()
    assert digest["X-RcptTo"] == "on-call@clinic.example, lead@clinic.example"
