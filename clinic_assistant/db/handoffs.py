"""Store functions for handoffs. Callers pass their own session (keyword-only)."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus


def create_handoff(
    *,
    session: Session,
    conversation_id: str,
    reason: HandoffReason,
    risk_category: str | None = None,
    severity: str | None = None,
    evidence: Sequence[str] = (),
) -> Handoff:
    handoff = Handoff(
        conversation_id=conversation_id,
        reason=reason,
        risk_category=risk_category,
        severity=severity,
        evidence=list(evidence),
        status=HandoffStatus.OPEN,
    )
    session.add(handoff)
    session.flush()
    return handoff


SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def record_crisis_handoff(
    *, session: Session, conversation_id: str, risk_category: str, severity: str, evidence: Sequence[str]
) -> tuple[Handoff, bool]:
    """The conversation's one open crisis handoff, created or given the new evidence.

    Returns the handoff and whether staff need a (new) alert: a new crisis, or one whose
    severity went up (a visitor who said "I'm not safe" after a first alarm).
    """
    handoff = open_handoff_for(session=session, conversation_id=conversation_id)
    if handoff is None or handoff.reason != HandoffReason.CRISIS:
        created = create_handoff(
            session=session, conversation_id=conversation_id, reason=HandoffReason.CRISIS,
            risk_category=risk_category, severity=severity, evidence=evidence,
        )
        return created, True
    handoff.evidence = [*(handoff.evidence or []), *(e for e in evidence if e not in (handoff.evidence or []))]
    more_severe = SEVERITY_RANK.get(severity, 2) < SEVERITY_RANK.get(handoff.severity or "low", 2)
    if more_severe:
        handoff.severity, handoff.risk_category = severity, risk_category
    return handoff, more_severe


def open_handoffs(*, session: Session) -> list[Handoff]:
    """Unresolved handoffs: crises first, the most severe evidence first, then oldest first.

    A low-confidence detection (semantic only) never outranks a crisis with a plan or means.
    """
    crisis_first = case((Handoff.reason == HandoffReason.CRISIS, 0), else_=1)
    severe_first = case((Handoff.severity == "high", 0), (Handoff.severity == "medium", 1), else_=2)
    query = (
        select(Handoff)
        .where(Handoff.status != HandoffStatus.RESOLVED)
        .order_by(crisis_first, severe_first, Handoff.created_at, Handoff.id)
    )
    return list(session.execute(query).scalars())


def open_handoff_for(*, session: Session, conversation_id: str) -> Handoff | None:
    """The conversation's unresolved handoff, if it has one (a crisis already made one)."""
    query = (
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.status != HandoffStatus.RESOLVED)
        .order_by(Handoff.id)
    )
    return session.execute(query).scalars().first()
