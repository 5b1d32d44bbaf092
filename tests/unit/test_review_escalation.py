"""A crisis handoff nobody claims within CRISIS_CLAIM_MINUTES: a second alert to on-call over a
real SMTP server, once, audited; the visitors to tell in the chat are returned."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import AuditEvent, Handoff, HandoffReason, HandoffStatus, as_utc
from clinic_assistant.notify import EmailNotifier, NotifyOutcome
from clinic_assistant.references import conversation_ref
from clinic_assistant.review.escalation import VISITOR_RESPONSE, escalate_unclaimed_crises
from clinic_assistant.settings import PROJECT_ROOT
from tests.support.smtp import smtp_server

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
ON_CALL = ("on-call@clinic.example",)


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with smtp_server(inbox) as port:
        yield inbox, EmailNotifier("127.0.0.1", port, "assistant@clinic.example", ("staff@clinic.example",))


def seed(database_url):
    with session_scope(database_url) as session:
        def handoff(conversation, reason, minutes_ago, status=HandoffStatus.OPEN):
            h = create_handoff(session=session, conversation_id=conversation, reason=reason,
                               risk_category="suicide_self_harm", severity="high")
            h.created_at, h.status = NOW - dt.timedelta(minutes=minutes_ago), status
        handoff("waiting", HandoffReason.CRISIS, 6)
        handoff("just-now", HandoffReason.CRISIS, 2)
        handoff("claimed", HandoffReason.CRISIS, 30, HandoffStatus.CLAIMED)
        handoff("resolved", HandoffReason.CRISIS, 30, HandoffStatus.RESOLVED)
        handoff("asked-for-a-person", HandoffReason.REQUEST_HUMAN, 30)


def test_an_unclaimed_crisis_is_escalated_once_and_audited(database_url, smtp):
    inbox, notifier = smtp
    seed(database_url)
    first = escalate_unclaimed_crises(database_url, notifier=notifier, on_call=ON_CALL, claim_minutes=5, now=NOW)
    assert [(e.conversation_id, e.minutes_unclaimed, e.alert) for e in first] == [("waiting", 6, NotifyOutcome.SENT)]
    later = NOW + dt.timedelta(minutes=10)
    second = escalate_unclaimed_crises(database_url, notifier=notifier, on_call=ON_CALL, claim_minutes=5, now=later)
    assert [e.conversation_id for e in second] == ["just-now"]  # "waiting" is not alerted twice
    assert [rcpt for rcpt, _ in inbox.messages] == [list(ON_CALL), list(ON_CALL)]
    assert "URGENT, NOT CLAIMED" in inbox.messages[0][1] and "for 6 minutes" in inbox.messages[0][1]
    with session_scope(database_url) as session:
        waiting = session.execute(select(Handoff).where(Handoff.conversation_id == "waiting")).scalar_one()
        assert as_utc(waiting.escalated_at) == NOW
        audit = [e for e in session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert [(e.action, e.staff_username) for e in audit] == [(AuditAction.CRISIS_ESCALATED.value, None)] * 2
    assert audit[0].detail == (f"conversation={conversation_ref('waiting')}; handoff={waiting.id}; "
                               "unclaimed 6 min; on-call alert sent; "
                               f"visitor told: {VISITOR_RESPONSE}")


def test_without_smtp_the_escalation_still_happens_and_says_the_alert_was_not_sent(database_url):
    seed(database_url)
    notifier = EmailNotifier("", 25, "assistant@clinic.example", ())
    escalations = escalate_unclaimed_crises(database_url, notifier=notifier, on_call=ON_CALL, now=NOW)
    assert [(e.conversation_id, e.alert) for e in escalations] == [("waiting", NotifyOutcome.DISABLED)]


def test_claiming_stamps_the_first_claim_time_only(database_url):
    with session_scope(database_url) as session:
        handoff = create_handoff(session=session, conversation_id="x", reason=HandoffReason.CRISIS)
        assert handoff.claimed_at is None
        handoff.status, handoff.claimed_by = HandoffStatus.CLAIMED, "sam"
        first = handoff.claimed_at
        assert first is not None
        handoff.claimed_by = "dana"
        assert handoff.claimed_at == first


def test_the_visitor_message_names_the_configured_lines():
    import yaml

    responses = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]
    text = responses[VISITOR_RESPONSE][0]["text"]
    assert "{emergency_number}" in text and "{crisis_line_short}" in text
    assert "988" not in text and "911" not in text  # the numbers come from clinic.yml
