"""Rasa's tracker store, the transcript of record: its `events` table, defined here once, one engine
per URL and purpose, and the queries the console and the retention purge run on it.

Rasa's SQLTrackerStore creates and writes the table (one row per event: id, sender_id, type_name,
timestamp as float epoch seconds, intent_name, action_name, data = the event as JSON). It lives in
its own `MetaData`, apart from the app's models, so that Alembic never tries to manage it; tests
create it with `RASA_EVENTS_METADATA.create_all()`.

Query functions take a keyword-only `connection` (Core, no ORM: these are Rasa's rows, not ours).
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

RASA_EVENTS_METADATA = sa.MetaData()

# The same columns as rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6).
events = sa.Table(
    "events",
    RASA_EVENTS_METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

# Conversations deleted on the visitor's request, and when: the tracker store never writes back
# an event from before that time (a turn in progress during the purge would otherwise restore the
# whole session), and each purge deletes any such event that slipped in. Kept for RETENTION_DAYS.
deleted_conversations = sa.Table(
    "deleted_conversations",
    RASA_EVENTS_METADATA,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("deleted_at", sa.Float, nullable=False),
)

PAUSE_AND_RESUME = ("pause", "resume")

# ------------------------------------------------------------------------------------------------
# Engines
# ------------------------------------------------------------------------------------------------

_engines: dict[tuple[str, bool], Engine] = {}
_engines_lock = threading.Lock()


def _read_only_url_and_args(url: str) -> tuple[sa.engine.URL, dict[str, Any]]:
    """The console only reads: SQLite files open with mode=ro (and are never created), PostgreSQL
    sessions are read-only."""
    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            query = {**parsed.query, "mode": "ro", "uri": "true"}
            parsed = parsed.set(database=f"file:{database}", query=query)
    elif parsed.get_backend_name() == "postgresql":
        connect_args["options"] = "-c default_transaction_read_only=on"
    return parsed, connect_args


def tracker_engine(url: str, *, read_only: bool = True) -> Engine:
    """One engine per tracker store URL and purpose (reading, or the purge's deleting) and process,
    made on first use."""
    key = (url, read_only)
    with _engines_lock:
        if key not in _engines:
            parsed, connect_args = _read_only_url_and_args(url) if read_only else (make_url(url), {})
            _engines[key] = sa.create_engine(
                parsed, future=True, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args
            )
        return _engines[key]


def dispose_tracker_engines() -> None:
    """Closes the pooled connections (tests remove their tracker files after this)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


# ------------------------------------------------------------------------------------------------
# Queries
# ------------------------------------------------------------------------------------------------


def conversation_events(
    *, connection: Connection, conversation_id: str, types: Sequence[str], after_id: int = 0
) -> list[Any]:
    """The conversation's events of these types, oldest first; with `after_id`, only newer ones."""
    query = (
        sa.select(events.c.id, events.c.type_name, events.c.timestamp, events.c.intent_name, events.c.data)
        .where(events.c.sender_id == conversation_id, events.c.type_name.in_(types), events.c.id > after_id)
        .order_by(events.c.id)
    )
    return list(connection.execute(query))


def last_user_events(*, connection: Connection, conversation_ids: Collection[str]) -> list[Any]:
    """Each conversation's latest visitor message (one row per conversation that has one)."""
    if not conversation_ids:
        return []
    latest = (
        sa.select(sa.func.max(events.c.id))
        .where(events.c.sender_id.in_(list(conversation_ids)), events.c.type_name == "user")
        .group_by(events.c.sender_id)
    )
    query = sa.select(
        events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.intent_name, events.c.data
    ).where(events.c.id.in_(latest))
    return list(connection.execute(query))


def user_event_timestamp(*, connection: Connection, conversation_id: str, event_id: int) -> float | None:
    """The timestamp of this visitor message, or None when the conversation has no such message."""
    query = sa.select(events.c.timestamp).where(
        events.c.id == event_id, events.c.sender_id == conversation_id, events.c.type_name == "user"
    )
    return connection.execute(query).scalar_one_or_none()


def latest_pause_or_resume(*, connection: Connection, conversation_id: str) -> str | None:
    """"pause" or "resume", whichever the conversation had last; None when it had neither."""
    query = (
        sa.select(events.c.type_name)
        .where(events.c.sender_id == conversation_id, events.c.type_name.in_(PAUSE_AND_RESUME))
        .order_by(events.c.id.desc())
        .limit(1)
    )
    return connection.execute(query).scalar_one_or_none()


def _like_json_text(text: str) -> str:
    """A LIKE pattern for `text` as it appears inside Rasa's JSON (json.dumps escapes non-ASCII)."""
    encoded = json.dumps(text.strip().lower())[1:-1]
    escaped = encoded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conversation_activity(
    *,
    connection: Connection,
    date_from: dt.datetime | None = None,
    date_to: dt.datetime | None = None,
    include_ids: Collection[str] | None = None,
    exclude_ids: Collection[str] = (),
    text: str | None = None,
    limit: int = 200,
) -> list[Any]:
    """One row per conversation active in [date_from, date_to), most recently active first:
    sender_id, started, last (epoch seconds), user_messages, crisis_messages.

    `include_ids` limits the rows to those conversations, `exclude_ids` leaves some out; `text`
    keeps conversations where a visitor or bot message contains it (case-insensitive).
    """
    is_user = events.c.type_name == "user"
    query = sa.select(
        events.c.sender_id,
        sa.func.min(events.c.timestamp).label("started"),
        sa.func.max(events.c.timestamp).label("last"),
        sa.func.sum(sa.case((is_user, 1), else_=0)).label("user_messages"),
        sa.func.sum(sa.case((sa.and_(is_user, events.c.intent_name == "crisis"), 1), else_=0)).label(
            "crisis_messages"
        ),
    ).group_by(events.c.sender_id)
    if include_ids is not None:
        query = query.where(events.c.sender_id.in_(list(include_ids)))
    if exclude_ids:
        query = query.where(events.c.sender_id.not_in(list(exclude_ids)))
    if text and text.strip():
        matching = (
            sa.select(events.c.sender_id)
            .where(
                events.c.type_name.in_(("user", "bot")),
                sa.func.lower(events.c.data).like(_like_json_text(text), escape="\\"),
            )
            .distinct()
        )
        query = query.where(events.c.sender_id.in_(matching))
    if date_from is not None:
        query = query.having(sa.func.max(events.c.timestamp) >= date_from.timestamp())
    if date_to is not None:
        query = query.having(sa.func.min(events.c.timestamp) < date_to.timestamp())
    query = query.order_by(sa.desc("last"), events.c.sender_id).limit(limit)
    return list(connection.execute(query))


def create_deleted_conversations_table(connectable: Connection | Engine) -> None:
    """Creates the table when missing. Servers started together may both find it missing: the
    one that loses the race to create it (PostgreSQL: a duplicate type or relation) finds it there."""
    try:
        RASA_EVENTS_METADATA.create_all(connectable, tables=[deleted_conversations], checkfirst=True)
    except sa.exc.DatabaseError:
        if not sa.inspect(connectable).has_table(deleted_conversations.name):
            raise


def deleted_at(*, connection: Any, sender_id: str) -> float | None:
    """When the conversation was deleted on request (epoch seconds), or None. `connection` may be
    an ORM session (the tracker store's)."""
    query = sa.select(deleted_conversations.c.deleted_at).where(deleted_conversations.c.sender_id == sender_id)
    return connection.execute(query).scalar()


def delete_old_events(*, connection: Connection, before: float) -> int:
    """Deletes every event older than `before` (epoch seconds), and the deletion records as old;
    returns how many events went. A tracker store without the table (Rasa never started) has none."""
    create_deleted_conversations_table(connection)
    connection.execute(sa.delete(deleted_conversations).where(deleted_conversations.c.deleted_at < before))
    if not connection.dialect.has_table(connection, events.name):
        return 0
    return connection.execute(sa.delete(events).where(events.c.timestamp < before)).rowcount


def delete_conversations(*, connection: Connection, sender_ids: Collection[str], now: float) -> int:
    """Records the deletion of `sender_ids` at `now` and deletes every event from before the
    deletion of any deleted conversation: these, and any a turn in progress wrote back meanwhile
    (it checked for the deletion before an earlier purge committed). Returns how many events went."""
    create_deleted_conversations_table(connection)
    tombstones = deleted_conversations
    if sender_ids:
        # Recorded before the events go: a save that checks after this commits writes none back.
        connection.execute(sa.delete(tombstones).where(tombstones.c.sender_id.in_(list(sender_ids))))
        connection.execute(sa.insert(tombstones), [{"sender_id": s, "deleted_at": now} for s in set(sender_ids)])
    if not connection.dialect.has_table(connection, events.name):
        return 0
    deleted_at_of_sender = (
        sa.select(tombstones.c.deleted_at).where(tombstones.c.sender_id == events.c.sender_id).scalar_subquery()
    )
    query = sa.delete(events).where(
        events.c.sender_id.in_(sa.select(tombstones.c.sender_id)),  # by the index on sender_id
        events.c.timestamp <= deleted_at_of_sender,
    )
    return connection.execute(query).rowcount
