"""Reading turns out of Rasa's tracker store for the review loop (read-only, Core SQL on the one
`events` table definition in db/rasa_events.py).

A turn is one visitor message (a `user` event) with what the assistant did until the next one:
the actions it ran (action_listen left out) and the responses it sent (a bot event's
`metadata.utter_action`, e.g. "utter_faq/cost", when Rasa recorded it).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from clinic_assistant.db.rasa_events import events, tracker_engine

log = logging.getLogger(__name__)
TURN_EVENT_TYPES = ("user", "bot", "action", "active_loop")
FAQ_RESPONSE_PREFIX = "utter_faq"


@dataclass
class Turn:
    sender_id: str
    event_id: int
    timestamp: float
    text: str
    intent: str | None
    confidence: float | None
    parse_data: dict[str, Any]
    actions: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    loops: list[str] = field(default_factory=list)

    @property
    def at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp, dt.timezone.utc)

    @property
    def risk(self) -> dict[str, Any] | None:
        risk = self.parse_data.get("risk")
        return risk if isinstance(risk, dict) else None

    @property
    def risk_level(self) -> str:
        return str((self.risk or {}).get("level") or ("risk" if self.intent == "crisis" else "none"))

    @property
    def faq_topic(self) -> str | None:
        """The FAQ topic the response selector picked, when the message's intent is `faq`."""
        if self.intent != "faq":
            return None
        selected = ((self.parse_data.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        key = selected.get("intent_response_key") or ""
        return key.split("/", 1)[1] if "/" in key else None

    @property
    def answered_faq(self) -> bool:
        """The assistant gave an FAQ answer in this turn."""
        return any(name.startswith(FAQ_RESPONSE_PREFIX) for name in [*self.actions, *self.responses])

    @property
    def did(self) -> tuple[str, ...]:
        """What the assistant did: its actions and responses, in order, without repeats."""
        return tuple(dict.fromkeys([*self.actions, *self.responses]))


def _json(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def read_rows(tracker_store_url: str, query) -> list[Any]:
    """The rows of a query on the tracker store; none when it does not exist yet (Rasa never ran)."""
    try:
        with tracker_engine(tracker_store_url).connect() as connection:
            return list(connection.execute(query))
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
        log.warning("Tracker store could not be read: %s", error.orig)
        return []


def read_turns(
    tracker_store_url: str,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    sender_ids: Sequence[str] | None = None,
) -> list[Turn]:
    """Every visitor turn whose message is in [since, until), by conversation, oldest first."""
    query = sa.select(
        events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.intent_name,
        events.c.action_name, events.c.data,
    ).where(events.c.type_name.in_(TURN_EVENT_TYPES))
    if since is not None:
        query = query.where(events.c.timestamp >= since.timestamp())
    if until is not None:
        # A turn's actions may come a moment after `until`; a minute's grace keeps them.
        query = query.where(events.c.timestamp < until.timestamp() + 60)
    if sender_ids is not None:
        query = query.where(events.c.sender_id.in_(list(sender_ids)))
    query = query.order_by(events.c.sender_id, events.c.id)
    turns = list(_turns(read_rows(tracker_store_url, query)))
    if until is not None:
        turns = [t for t in turns if t.timestamp < until.timestamp()]
    return turns


def _turns(rows: Sequence[Any]) -> Iterator[Turn]:
    current: Turn | None = None
    for row in rows:
        if current is not None and row.sender_id != current.sender_id:
            yield current
            current = None
        data = _json(row.data)
        if row.type_name == "user":
            if current is not None:
                yield current
            parse_data = data.get("parse_data") if isinstance(data.get("parse_data"), dict) else {}
            intent = parse_data.get("intent") or {}
            current = Turn(
                sender_id=row.sender_id, event_id=row.id,
                timestamp=float(row.timestamp if row.timestamp is not None else data.get("timestamp") or 0.0),
                text=str(data.get("text") or ""), intent=row.intent_name or intent.get("name"),
                confidence=_float(intent.get("confidence")), parse_data=parse_data,
            )
        elif current is None:
            continue
        elif row.type_name == "action":
            name = row.action_name or data.get("name")
            if name and name != "action_listen":
                current.actions.append(str(name))
        elif row.type_name == "bot":
            utter = (data.get("metadata") or {}).get("utter_action") if isinstance(data.get("metadata"), dict) else None
            if utter:
                current.responses.append(str(utter))
        elif row.type_name == "active_loop" and data.get("name"):
            current.loops.append(str(data["name"]))
    if current is not None:
        yield current


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def read_message_texts(tracker_store_url: str, refs: Sequence[tuple[str, int, float]]) -> dict[tuple[str, int], str]:
    """The texts of these (sender_id, event_id, timestamp) visitor messages; a message whose row is
    gone (purged, or the id now names another event) is left out."""
    if not refs:
        return {}
    wanted = {(s, i): ts for s, i, ts in refs}
    found: dict[tuple[str, int], str] = {}
    ids = sorted({i for _, i, _ in refs})
    for start in range(0, len(ids), 500):
        query = sa.select(events.c.id, events.c.sender_id, events.c.timestamp, events.c.data).where(
            events.c.type_name == "user", events.c.id.in_(ids[start : start + 500])
        )
        for row in read_rows(tracker_store_url, query):
            key = (row.sender_id, row.id)
            if key in wanted and row.timestamp is not None and abs(float(row.timestamp) - wanted[key]) < 1e-3:
                found[key] = str(_json(row.data).get("text") or "")
    return found
