"""Store functions for handoffs. Callers pass their own session (keyword-only)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus, utcnow

MAX_NOTE_CHARS = 2000


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


def open_handoffs(*, session: Session, limit: int | None = None, offset: int = 0) -> list[Handoff]:
    """Unresolved handoffs: crises first, the most severe evidence first, then oldest first
    (`limit` and `offset` give one page of them).

    A low-confidence detection (semantic only) never outranks a crisis with a plan or means.
    """
    crisis_first = case((Handoff.reason == HandoffReason.CRISIS, 0), else_=1)
    severe_first = case((Handoff.severity == "high", 0), (Handoff.severity == "medium", 1), else_=2)
    query = (
        select(Handoff)
        .where(Handoff.status != HandoffStatus.RESOLVED)
        .order_by(crisis_first, severe_first, Handoff.created_at, Handoff.id)
        .offset(offset)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def count_open_handoffs(*, session: Session) -> int:
    query = select(func.count()).select_from(Handoff).where(Handoff.status != HandoffStatus.RESOLVED)
    return int(session.execute(query).scalar_one())


def open_handoff_for(*, session: Session, conversation_id: str) -> Handoff | None:
    """The conversation's unresolved handoff, if it has one (a crisis already made one)."""
    query = (
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.status != HandoffStatus.RESOLVED)
        .order_by(Handoff.id)
    )
    return session.execute(query).scalars().first()


def handoffs_of(*, session: Session, conversation_id: str) -> list[Handoff]:
    """Every handoff of the conversation, newest first."""
    query = (
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
    )
    return list(session.execute(query).scalars())


def active_handoffs(*, session: Session, conversation_id: str) -> list[Handoff]:
    """The conversation's unresolved handoffs, newest first (one conversation can have several: a
    request for staff, then a crisis); the console claims and resolves them together."""
    handoffs = handoffs_of(session=session, conversation_id=conversation_id)
    return [h for h in handoffs if h.status != HandoffStatus.RESOLVED]


def claim_handoffs(*, session: Session, handoffs: Collection[Handoff], staff_username: str) -> None:
    for handoff in handoffs:
        handoff.status = HandoffStatus.CLAIMED
        handoff.claimed_by = staff_username
    session.flush()


def resolve_handoffs(
    *, session: Session, handoffs: Collection[Handoff], note: str, now: dt.datetime | None = None
) -> None:
    now = now or utcnow()
    for handoff in handoffs:
        handoff.status = HandoffStatus.RESOLVED
        handoff.resolved_at = now
        handoff.resolution_note = note[:MAX_NOTE_CHARS]
        # Once resolved, the visitor's words and call-back details have done their job: reports
        # keep the reason, severity, times and that a call-back was asked for.
        handoff.evidence = []
        handoff.callback_name = handoff.callback_phone = None
    session.flush()


def conversations_with_handoffs(
    *, session: Session, reason: HandoffReason | None = None, status: HandoffStatus | None = None
) -> set[str]:
    """Ids of conversations with at least one handoff matching the reason and status (when given)."""
    query = select(Handoff.conversation_id).distinct()
    if reason is not None:
        query = query.where(Handoff.reason == reason)
    if status is not None:
        query = query.where(Handoff.status == status)
    return set(session.execute(query).scalars())


def handoffs_by_conversation(*, session: Session, conversation_ids: Collection[str]) -> dict[str, list[Handoff]]:
    """The handoffs of each of these conversations, newest first."""
    if not conversation_ids:
        return {}
    query = (
        select(Handoff)
        .where(Handoff.conversation_id.in_(list(conversation_ids)))
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
    )
    grouped: dict[str, list[Handoff]] = {}
    for handoff in session.execute(query).scalars():
        grouped.setdefault(handoff.conversation_id, []).append(handoff)
    return grouped
