"""Rasa's SQL tracker store, without reading and replaying the whole session for every message.

`SQLTrackerStore.retrieve` reads every event of the latest session and replays them all into a
new tracker, for every message. This store keeps, per conversation (the most recent
`cache_size`, default 256), the tracker built from the rows it read, and on each `retrieve`:

1. asks the database how many rows the latest session has and their smallest and largest id
   (one aggregate query, with Rasa's own session filter);
2. when they are what it read last time, hands out a copy of the kept tracker (with the
   applied events and policy states computed so far, brought up to date on the kept tracker);
3. when only rows with a larger id were added (by this process's `save`, or by another server of
   the cluster), reads just those and applies them to the kept tracker: the same events in the
   same order as Rasa's replay of all rows;
4. otherwise (rows deleted, a new session, a new model's domain, ...) reads everything, as Rasa
   does.

So the database stays the only truth and another server's changes are seen at the next message;
the copy handed out is what `DialogueStateTracker.from_dict` over all rows gives, an
`IncrementalTracker` (clinic_assistant/rasa_plugins/trackers.py). Saving is Rasa's.
Everything else (`retrieve_full_tracker`, `keys`, ...) is Rasa's too.

endpoints.yml:

    tracker_store:
      type: clinic_assistant.rasa_plugins.tracker_store.CachingSQLTrackerStore
      dialect: sqlite
      url: ${TRACKER_STORE_URL}
"""
from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import deserialise_events

from clinic_assistant.rasa_plugins.trackers import IncrementalTracker

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 256


@dataclass
class _Kept:
    domain: Domain
    tracker: IncrementalTracker
    count: int
    min_id: int
    max_id: int
    # The states the policies asked for (clinic_assistant/rasa_plugins/policies.py), kept up to
    # date on the kept tracker itself, whose events are the rows read back.
    states_options: list = field(default_factory=list)


class CachingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reads only the rows added since it last read a conversation."""

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._cache_size = max(0, int(cache_size))

    def init_tracker(self, sender_id: str) -> IncrementalTracker:
        return IncrementalTracker(sender_id, self.domain.slots, max_event_history=self.max_event_history)

    async def retrieve(self, sender_id: str) -> IncrementalTracker | None:
        """The latest session of `sender_id`, as SQLTrackerStore.retrieve gives it."""
        if not self.domain or not self._cache_size:
            return await self._retrieve_all(sender_id)
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            count, min_id, max_id = (
                query.with_entities(
                    sa.func.count(self.SQLEvent.id), sa.func.min(self.SQLEvent.id), sa.func.max(self.SQLEvent.id)
                )
                .order_by(None)
                .one()
            )
            kept = self._kept.get(sender_id)
            if not count:
                self._kept.pop(sender_id, None)
                return None
            if kept is not None and (kept.domain is not self.domain or kept.min_id != min_id):
                kept = None
            if kept is not None and (kept.count, kept.max_id) != (count, max_id):
                kept = self._read_new_rows(query, kept, count, max_id)
            if kept is None:
                rows = query.all()
                if not rows:
                    return None
                tracker = IncrementalTracker.from_dict(
                    sender_id, [json.loads(row.data) for row in rows], self.domain.slots
                )
                kept = _Kept(self.domain, tracker, len(rows), rows[0].id, rows[-1].id)
            self._keep(sender_id, kept)
            kept.tracker.advance(kept.states_options)
            return kept.tracker.handout()

    async def save(self, tracker: Any) -> None:
        await super().save(tracker)
        kept = self._kept.get(tracker.sender_id)
        if kept is not None and isinstance(tracker, IncrementalTracker):
            kept.states_options = tracker.states_options()

    def _read_new_rows(self, query: Any, kept: _Kept, count: int, max_id: int) -> _Kept | None:
        """Applies the rows added after `kept.max_id`, when they are all that changed."""
        if max_id <= kept.max_id:
            return None
        rows = query.filter(self.SQLEvent.id > kept.max_id).all()
        if not rows or rows[-1].id != max_id or count - len(rows) != kept.count:
            return None
        for event in deserialise_events([json.loads(row.data) for row in rows]):
            kept.tracker.update(event)
        kept.count, kept.max_id = count, max_id
        return kept

    def _keep(self, sender_id: str, kept: _Kept) -> None:
        self._kept[sender_id] = kept
        self._kept.move_to_end(sender_id)
        while len(self._kept) > self._cache_size:
            self._kept.popitem(last=False)

    async def _retrieve_all(self, sender_id: str) -> IncrementalTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            if self.domain and rows:
                events = [json.loads(row.data) for row in rows]
                return IncrementalTracker.from_dict(sender_id, events, self.domain.slots)
            return None
