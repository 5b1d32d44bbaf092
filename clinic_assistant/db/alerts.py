"""Store functions for staff alerts (the alert digest). Callers pass their own session (keyword-only)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clinic_assistant.db.models import StaffAlert


def record_alert(
    *, session: Session, handoff_id: int, reason: str, severity: str | None, held: bool, at: dt.datetime
) -> StaffAlert:
    alert = StaffAlert(handoff_id=handoff_id, reason=reason, severity=severity, held=held, at=at)
    session.add(alert)
    session.flush()
    return alert


def count_emailed_since(*, session: Session, since: dt.datetime) -> int:
    """Alerts e-mailed one by one since `since` (held ones do not count: they wait for the digest)."""
    query = select(func.count()).select_from(StaffAlert).where(StaffAlert.at > since, StaffAlert.held.is_(False))
    return int(session.execute(query).scalar_one())


def oldest_waiting(*, session: Session) -> dt.datetime | None:
    """When the oldest held alert that no digest has reported yet came in."""
    query = select(func.min(StaffAlert.at)).where(StaffAlert.held.is_(True), StaffAlert.digest.is_(None))
    return session.execute(query).scalar_one()


def claim_waiting(*, session: Session, digest: str, until: dt.datetime) -> list[StaffAlert]:
    """Marks every held, unreported alert up to `until` as reported by `digest` and returns them.

    One conditional UPDATE: when two processes send a digest at once, each alert lands in one.
    """
    session.execute(
        update(StaffAlert)
        .where(StaffAlert.held.is_(True), StaffAlert.digest.is_(None), StaffAlert.at <= until)
        .values(digest=digest)
        .execution_options(synchronize_session=False)
    )
    query = select(StaffAlert).where(StaffAlert.digest == digest).order_by(StaffAlert.at, StaffAlert.id)
    return list(session.execute(query).scalars())


def release(*, session: Session, digest: str) -> None:
    """Puts the alerts of a digest that could not be sent back in the waiting list."""
    session.execute(
        update(StaffAlert).where(StaffAlert.digest == digest).values(digest=None)
        .execution_options(synchronize_session=False)
    )
