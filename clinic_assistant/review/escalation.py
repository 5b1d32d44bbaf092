"""A crisis handoff that nobody claims within CRISIS_CLAIM_MINUTES gets a second alert.

`escalate_unclaimed_crises` (run every minute or so by whoever schedules it) finds open crisis
handoffs older than `claim_minutes` that were never escalated, marks each as escalated first (a
conditional UPDATE, so that two processes running it at once still alert once), sends the on-call
address an e-mail (through alert_digest.DigestingNotifier.escalate: in a flood of unclaimed crises,
past ALERT_DIGEST_THRESHOLD, the e-mail waits for the alert digest), writes an audit event with the outcome, and
returns the escalations: their conversations' visitors must now be told in the chat that staff have
not joined yet and to use 988 / 911 (the response `utter_staff_not_joined`, pushed by the caller).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, update

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus, as_utc, utcnow
from clinic_assistant.notify import EscalationNotice, NotifyOutcome
from clinic_assistant.references import conversation_ref

DEFAULT_CLAIM_MINUTES = 5
VISITOR_RESPONSE = "utter_staff_not_joined"


class Escalator(Protocol):
    """notify.EmailNotifier (every alert on its own) or alert_digest.DigestingNotifier (throttled)."""

    def escalate(self, notice: EscalationNotice, on_call: tuple[str, ...]) -> NotifyOutcome: ...


@dataclass(frozen=True)
class Escalation:
    handoff_id: int
    conversation_id: str
    minutes_unclaimed: int
    alert: NotifyOutcome


def _due(session, cutoff: dt.datetime) -> list[Handoff]:
    query = (
        select(Handoff)
        .where(
            Handoff.reason == HandoffReason.CRISIS,
            Handoff.status == HandoffStatus.OPEN,
            Handoff.escalated_at.is_(None),
            Handoff.created_at <= cutoff,
        )
        .order_by(Handoff.created_at, Handoff.id)
    )
    return list(session.execute(query).scalars())


def escalate_unclaimed_crises(
    database_url: str,
    *,
    notifier: Escalator,
    on_call: tuple[str, ...],
    claim_minutes: int = DEFAULT_CLAIM_MINUTES,
    now: dt.datetime | None = None,
) -> list[Escalation]:
    """Escalates every crisis handoff unclaimed for `claim_minutes`, once; see the module doc."""
    now = now or utcnow()
    with session_scope(database_url) as session:
        due = [(h.id, h.conversation_id, as_utc(h.created_at), h.risk_category, h.severity)
               for h in _due(session, now - dt.timedelta(minutes=claim_minutes))]
    escalations = []
    for handoff_id, conversation_id, created_at, category, severity in due:
        with session_scope(database_url) as session:
            taken = session.execute(
                update(Handoff)
                .where(Handoff.id == handoff_id, Handoff.escalated_at.is_(None), Handoff.status == HandoffStatus.OPEN)
                .values(escalated_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
        if not taken:
            continue  # claimed meanwhile, or another process escalated it
        minutes = int((now - created_at).total_seconds() // 60)
        # No database connection is held while the mail server answers.
        alert = notifier.escalate(EscalationNotice(handoff_id, minutes, category, severity), on_call)
        with session_scope(database_url) as session:
            record(
                session=session, action=AuditAction.CRISIS_ESCALATED, staff_username=None,
                detail=f"conversation={conversation_ref(conversation_id)}; handoff={handoff_id}; "
                       f"unclaimed {minutes} min; "
                       f"on-call alert {alert.value}; visitor told: {VISITOR_RESPONSE}",
            )
        escalations.append(Escalation(handoff_id, conversation_id, minutes, alert))
    return escalations
