"""Rasa's SQL tracker store, made to ride out a database restart.

Rasa wraps every tracker store in a FailSafeTrackerStore: when `retrieve` fails, it logs the
error and returns no tracker, so the message is handled as the first of a new conversation (no
form, no slots), and the following `save` stores nothing (it only appends events beyond those
already in the database). After PostgreSQL restarts, every pooled connection is dead, so the
first message each Rasa server handles meets exactly this: a wrong answer, and a lost message.

This store checks a pooled connection before using it (`pool_pre_ping`), and retries a
connection error for up to `retry_seconds` (default 20) while the database comes back, waiting
without blocking the server's other conversations. Everything else is Rasa's SQLTrackerStore.

cluster/endpoints.yml:

    tracker_store:
      type: cluster.tracker_store.ReconnectingSQLTrackerStore
      dialect: postgresql
      url: ${TRACKER_STORE_URL}
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs

logger = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_INTERVAL_SECONDS = 0.5


class ReconnectingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retry_seconds: float = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.retry_seconds = float(retry_seconds)

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
        return await self._retrying("retrieve", lambda: SQLTrackerStore.retrieve(self, sender_id))

    async def retrieve_full_tracker(self, conversation_id: str):
        return await self._retrying(
            "retrieve_full_tracker", lambda: SQLTrackerStore.retrieve_full_tracker(self, conversation_id)
        )

    async def save(self, tracker) -> None:
        await self._retrying("save", lambda: SQLTrackerStore.save(self, tracker))
