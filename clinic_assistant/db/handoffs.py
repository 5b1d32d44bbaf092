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


def open_handoffs(*, session: Session) -> list[Handoff]:
    """Unresolved handoffs, crisis ones first, then oldest first."""
    crisis_first = case((Handoff.reason == HandoffReason.CRISIS, 0), else_=1)
    query = (
        select(Handoff)
        .where(Handoff.status != HandoffStatus.RESOLVED)
        .order_by(crisis_first, Handoff.created_at, Handoff.id)
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
