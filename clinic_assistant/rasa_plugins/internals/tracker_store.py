"""Rasa's SQL tracker store, without reading and replaying the whole session for every message.

`SQLTrackerStore.retrieve` reads every event of the latest session and replays them all into a
new tracker, for every message. This store keeps, per conversation (the most recent
`cache_size`, default 256), the tracker built from the rows it read, and on each `retrieve`:

1. asks the database how many rows the conversation has (all sessions) and their smallest and
   largest id: one query answered from the index on `sender_id`;
2. when they are what they were when it last read, hands out a copy of the kept tracker (with the
   applied events and policy states computed so far, brought up to date on the kept tracker);
3. when only rows with a larger id were added (by this process's `save`, or by another server of
   the cluster), none of them starting a new session or older than the session start, reads just
   those and applies them to the kept tracker: the same events in the same order as Rasa's
   replay of all the session's rows;
4. otherwise (rows deleted, a new session, a new model's domain, ...) reads the session as Rasa
   does.

`save` is Rasa's, which counts the session's rows to know which events are new; while the rows
are those the kept tracker was made from, that count is the kept one (step 1's query instead of
Rasa's scan of the session).

So the database stays the only truth and another server's changes are seen at the next message;
the copy handed out is what `DialogueStateTracker.from_dict` over all rows gives, an
`IncrementalTracker` (trackers.py beside this module). Everything else
(`retrieve_full_tracker`, `keys`, ...) is Rasa's.

Events from before a conversation's deletion on request (`deleted_conversations`, recorded by
the purge in clinic_assistant/privacy.py) are never written: a turn that was in progress when the
purge ran would otherwise write the whole session back (its tracker holds every event, and the
database none). The check runs in the session that writes; should a purge commit between the
two, its next round deletes what was written.

It also rides out a database restart (`ReconnectingSQLTrackerStore`). Rasa wraps every tracker
store in a FailSafeTrackerStore: when `retrieve` fails it logs the error and returns no tracker,
so the message is handled as the first of a new conversation (no form, no slots) and the
following `save` stores nothing. After PostgreSQL restarts every pooled connection is dead, so
the first message each server handled met exactly this (seen in tests/cluster/test_faults.py).
Here a pooled connection is checked before use (`pool_pre_ping`) and a connection error is
retried for up to `retry_seconds` (default 20) while the database comes back.

endpoints.yml:

    tracker_store:
      type: clinic_assistant.rasa_plugins.tracker_store.CachingSQLTrackerStore
      dialect: sqlite
      url: ${TRACKER_STORE_URL}
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, deserialise_events

from clinic_assistant.db.rasa_events import create_deleted_conversations_table, deleted_at
from clinic_assistant.rasa_plugins.internals import compat
from clinic_assistant.rasa_plugins.internals.trackers import IncrementalTracker

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 256
RETRY_INTERVAL_SECONDS = 0.5
T = TypeVar("T")


class ReconnectingSQLTrackerStore(compat.SQLTrackerStoreWithHooks):
    """Rasa's SQLTrackerStore, checking pooled connections and retrying while the database is away."""

    def __init__(self, *args: Any, retry_seconds: float = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        engine_kwargs = compat.create_engine_kwargs(url)
        if url.get_backend_name() == "postgresql":
            # A bounded connect: each attempt blocks this server's event loop while it waits.
            engine_kwargs["connect_args"] = {**engine_kwargs.get("connect_args", {}), "connect_timeout": 2}
        # hide_parameters: message text and contact details stay out of error logs.
        self.engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, **engine_kwargs)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.retry_seconds = float(retry_seconds)
        create_deleted_conversations_table(self.engine)

    async def _retrying(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                return await operation()
            except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
                if time.monotonic() >= deadline:
                    raise
                logger.warning("The tracker store's database is unreachable (%s); retrying %s", error.orig, what)
                await asyncio.sleep(RETRY_INTERVAL_SECONDS)

    async def retrieve(self, sender_id: str):
        return await self._retrying("retrieve", lambda: self._retrieve_latest(sender_id))

    async def _retrieve_latest(self, sender_id: str):
        return await SQLTrackerStore.retrieve(self, sender_id)

    async def retrieve_full_tracker(self, conversation_id: str):
        return await self._retrying(
            "retrieve_full_tracker", lambda: SQLTrackerStore.retrieve_full_tracker(self, conversation_id)
        )

    async def save(self, tracker: Any) -> None:
        await self._retrying("save", lambda: self._save_events(tracker))

    def events_to_write(self, session: Any, tracker: Any, events: Any) -> list:
        """The new events, without those from before the conversation's deletion."""
        events = list(events)
        deleted = deleted_at(connection=session, sender_id=tracker.sender_id)
        if deleted is None:
            return events
        kept = [event for event in events if event.timestamp > deleted]
        if len(kept) < len(events):
            logger.info("Not writing back %d events of a conversation deleted meanwhile", len(events) - len(kept))
            self.forget(tracker.sender_id)
        return kept

    def forget(self, sender_id: str) -> None:
        """Drops what this store keeps of the conversation in memory (nothing here)."""

    async def _save_events(self, tracker: Any) -> None:
        await SQLTrackerStore.save(self, tracker)


@dataclass
class _Kept:
    domain: Domain
    tracker: IncrementalTracker
    count: int  # rows of the latest session, all in `tracker`
    session_start: float | None  # Rasa's session filter: rows from this timestamp on (None: all)
    sender_rows: tuple  # (count, min id, max id) of all the sender's rows when `tracker` was made
    # The states the policies asked for (clinic_assistant/rasa_plugins/policies.py), kept up to
    # date on the kept tracker itself, whose events are the rows read back.
    states_options: list = field(default_factory=list)


class CachingSQLTrackerStore(ReconnectingSQLTrackerStore):
    """SQLTrackerStore that reads only the rows added since it last read a conversation."""

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._cache_size = max(0, int(cache_size))

    def forget(self, sender_id: str) -> None:
        self._kept.pop(sender_id, None)

    def init_tracker(self, sender_id: str) -> IncrementalTracker:
        return IncrementalTracker(sender_id, self.domain.slots, max_event_history=self.max_event_history)

    async def _retrieve_latest(self, sender_id: str) -> IncrementalTracker | None:
        """The latest session of `sender_id`, as SQLTrackerStore.retrieve gives it."""
        if not self.domain or not self._cache_size:
            return await self._retrieve_uncached(sender_id)
        with self.session_scope() as session:
            rows_now = self._sender_rows(session, sender_id)
            if not rows_now[0]:
                self._kept.pop(sender_id, None)
                return None
            kept = self._kept.get(sender_id)
            if kept is not None and kept.domain is not self.domain:
                kept = None
            if kept is not None and kept.sender_rows != rows_now:
                kept = self._read_new_rows(session, sender_id, kept, rows_now)
            if kept is None:
                rows = self._session_rows(session, sender_id)
                if not rows:
                    return None
                tracker = self._tracker_from_rows(sender_id, rows)
                if self._sender_rows(session, sender_id) != rows_now:  # written meanwhile: keep nothing
                    self._kept.pop(sender_id, None)
                    return tracker
                starts = [row.timestamp for row in rows if row.type_name == SessionStarted.type_name]
                kept = _Kept(self.domain, tracker, len(rows), max(starts) if starts else None, rows_now)
            self._keep(sender_id, kept)
            kept.tracker.advance(kept.states_options)
            return kept.tracker.handout()

    async def _save_events(self, tracker: Any) -> None:
        await super()._save_events(tracker)
        kept = self._kept.get(tracker.sender_id)
        if kept is not None and isinstance(tracker, IncrementalTracker):
            kept.states_options = tracker.states_options()

    def additional_events(self, session: Any, tracker: Any) -> Iterator:
        """Rasa's: the tracker's events after as many as the latest session has rows.

        That number is the kept one when the sender's rows are still those it was counted from.
        """
        kept = self._kept.get(tracker.sender_id)
        if kept is not None and self._sender_rows(session, tracker.sender_id) == kept.sender_rows:
            return itertools.islice(tracker.events, kept.count, len(tracker.events))
        return super().additional_events(session, tracker)

    def _sender_rows(self, session: Any, sender_id: str) -> tuple:
        """How many rows the sender has in all sessions, and their smallest and largest id.

        Rows are only ever added (with a larger id) or deleted, so while these three are the same
        the rows are the same. Answered from the index on sender_id, whatever the session.
        """
        event = self.SQLEvent
        count, min_id, max_id = (
            session.query(sa.func.count(event.id), sa.func.min(event.id), sa.func.max(event.id))
            .filter(event.sender_id == sender_id)
            .one()
        )
        return count, min_id, max_id

    def _read_new_rows(self, session: Any, sender_id: str, kept: _Kept, rows_now: tuple) -> _Kept | None:
        """Applies the rows added since, when that is all that changed and they are in the session.

        Anything else (rows deleted, a new session, a row older than the session start) is read
        again in full, as Rasa does.
        """
        count, min_id, max_id = rows_now
        old_count, old_min, old_max = kept.sender_rows
        if min_id != old_min or max_id <= old_max:
            return None
        event = self.SQLEvent
        rows = session.query(event).filter(event.sender_id == sender_id, event.id > old_max).order_by(event.id).all()
        if not rows or rows[-1].id != max_id or old_count + len(rows) != count:
            return None
        for row in rows:
            if row.type_name == SessionStarted.type_name:
                return None
            if kept.session_start is not None and (row.timestamp is None or row.timestamp < kept.session_start):
                return None
        for new_event in deserialise_events([json.loads(row.data) for row in rows]):
            kept.tracker.update(new_event)
        kept.count += len(rows)
        kept.sender_rows = rows_now
        return kept

    def _keep(self, sender_id: str, kept: _Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self._cache_size:
            self._kept.popitem(last=False)

    async def _retrieve_uncached(self, sender_id: str) -> IncrementalTracker | None:
        with self.session_scope() as session:
            rows = self._session_rows(session, sender_id)
            return self._tracker_from_rows(sender_id, rows) if self.domain and rows else None

    def _session_rows(self, session: Any, sender_id: str) -> list:
        """The rows of the sender's latest session, as Rasa reads them."""
        return self.event_query(session, sender_id, fetch_events_from_all_sessions=False).all()

    def _tracker_from_rows(self, sender_id: str, rows: list) -> IncrementalTracker:
        return IncrementalTracker.from_dict(sender_id, [json.loads(row.data) for row in rows], self.domain.slots)
