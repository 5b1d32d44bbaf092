"""Store functions for the review inbox's labels. Callers pass their own session (keyword-only).

A label names a visitor message by its tracker-store reference (sender id, `events.id` and the
event's timestamp), never by its words. Each labelling writes an audit event that names the
message reference and the kind, never the text or the topic's wording beyond its name.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.models import ReviewLabel, ReviewLabelKind, utcnow
from clinic_assistant.references import conversation_ref

TOPIC_NAME = re.compile(r"[a-z][a-z0-9_]{1,62}")
KINDS_WITH_TOPIC = (ReviewLabelKind.TOPIC, ReviewLabelKind.NEW_TOPIC)


class LabelError(ValueError):
    """A label the rules refuse; the message says why (shown to staff)."""


@dataclass(frozen=True)
class MessageRef:
    """One visitor message in Rasa's tracker store."""

    sender_id: str
    event_id: int
    timestamp: float


def normalise_topic(topic: str) -> str:
    """"Parking and transport" -> "parking_and_transport": the form Rasa's faq/<topic> needs."""
    name = re.sub(r"[^a-z0-9]+", "_", topic.strip().lower()).strip("_")
    if not TOPIC_NAME.fullmatch(name):
        raise LabelError("A topic name has 2 to 63 letters, digits or spaces, starting with a letter.")
    return name


def label_message(
    *,
    session: Session,
    message: MessageRef,
    kind: ReviewLabelKind,
    staff_username: str,
    topic: str | None = None,
    known_topics: Collection[str] = (),
    now: dt.datetime | None = None,
) -> ReviewLabel:
    """Stores (or replaces) the label of one message and audits it.

    `topic` is required for TOPIC (one of `known_topics` when given) and NEW_TOPIC (a new name,
    not one of `known_topics`), and ignored otherwise.
    """
    if kind in KINDS_WITH_TOPIC:
        if not topic:
            raise LabelError("Name the topic.")
        topic = normalise_topic(topic)
        if known_topics and kind is ReviewLabelKind.TOPIC and topic not in known_topics:
            raise LabelError(f"There is no FAQ topic {topic!r}; label it as a new topic instead.")
        if kind is ReviewLabelKind.NEW_TOPIC and topic in known_topics:
            raise LabelError(f"{topic!r} is an existing topic; choose 'this topic' instead.")
    else:
        topic = None
    label = session.execute(
        select(ReviewLabel).where(ReviewLabel.sender_id == message.sender_id, ReviewLabel.event_id == message.event_id)
    ).scalar_one_or_none()
    previous = label.kind.value if label is not None else None
    if label is None:
        label = ReviewLabel(sender_id=message.sender_id, event_id=message.event_id)
        session.add(label)
    label.event_timestamp = message.timestamp
    label.kind, label.topic = kind, topic
    label.staff_username = staff_username
    label.labelled_at = now or utcnow()
    session.flush()
    detail = f"conversation={conversation_ref(message.sender_id)}; event={message.event_id}; label={kind.value}"
    if topic:
        detail += f"; topic={topic}"
    if previous:
        detail += f"; was {previous}"
    record(session=session, action=AuditAction.REVIEW_LABEL, staff_username=staff_username, detail=detail)
    return label


def labels_by_message(
    *, session: Session, sender_ids: Collection[str] | None = None
) -> dict[tuple[str, int], ReviewLabel]:
    """Every label keyed by (sender_id, event_id); only those conversations' when given."""
    query = select(ReviewLabel)
    if sender_ids is not None:
        if not sender_ids:
            return {}
        query = query.where(ReviewLabel.sender_id.in_(list(sender_ids)))
    return {(label.sender_id, label.event_id): label for label in session.execute(query).scalars()}


def labels_of_kinds(*, session: Session, kinds: Collection[ReviewLabelKind]) -> list[ReviewLabel]:
    """Labels of these kinds, oldest first (the export reads them)."""
    query = (
        select(ReviewLabel)
        .where(ReviewLabel.kind.in_(list(kinds)))
        .order_by(ReviewLabel.labelled_at, ReviewLabel.id)
    )
    return list(session.execute(query).scalars())
