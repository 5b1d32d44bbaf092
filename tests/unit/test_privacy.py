"""Retention purge and "delete my data" against a real Rasa SQL tracker store."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, func, inspect, select

from actions.privacy import ActionDeleteMyData
from clinic_assistant.db.bookings import create_booking
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import Booking, DeletionRequest, Handoff, HandoffReason, ScreeningAnswer
from clinic_assistant.db.rasa_events import (
    create_deleted_conversations_table,
    deleted_conversations,
    dispose_tracker_engines,
    events,
)
from clinic_assistant.privacy import DELETION_GRACE, purge, purge_requested
from clinic_assistant.settings import get_settings

from .test_actions import DOMAIN, tracker

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def tracker_store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    get_settings.cache_clear()
    yield url
    dispose_tracker_engines()


async def store_conversation(url: str, sender: str, when: dt.datetime) -> None:
    """Writes a short conversation with Rasa's own SQLTrackerStore, at time `when`."""
    store = SQLTrackerStore(Domain.empty(), host=url)
    events = [
        ActionExecuted("action_listen", timestamp=when.timestamp()),
        UserUttered("hello", {"name": "greet"}, timestamp=when.timestamp()),
    ]
    await store.save(DialogueStateTracker.from_events(sender, events))
    store.engine.dispose()


def event_senders(url: str) -> list[str]:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        senders = sorted(set(connection.execute(select(events.c.sender_id)).scalars()))
    engine.dispose()
    return senders


def add_records(url: str, conversation_id: str, created_at: dt.datetime) -> None:
    with session_scope(url) as session:
        booking = create_booking(
            session=session, conversation_id=conversation_id, full_name="Jane Doe", contact_kind="email",
            contact_value="jane@example.com", preferred_start=NOW, preferred_window=None, preferred_label="x",
            is_adult=True, contact_consent=True, screening={"adult": True},
        )
        booking.created_at = created_at
        handoff = create_handoff(session=session, conversation_id=conversation_id, reason=HandoffReason.REQUEST_HUMAN)
        handoff.created_at = created_at


def counts(url):
    with session_scope(url) as session:
        models = (Booking, ScreeningAnswer, Handoff)
        return tuple(session.execute(select(func.count(model.id))).scalar_one() for model in models)


async def test_retention_removes_old_transcripts_bookings_and_handoffs_only(app_database, tracker_store_url):
    await store_conversation(tracker_store_url, "old", NOW - dt.timedelta(days=120))
    await store_conversation(tracker_store_url, "recent", NOW - dt.timedelta(days=3))
    add_records(app_database, "old", NOW - dt.timedelta(days=120))
    add_records(app_database, "recent", NOW - dt.timedelta(days=3))
    report = purge(app_database, tracker_store_url, retention_days=90, now=NOW)
    assert (report.bookings_deleted, report.handoffs_deleted) == (1, 1)
    assert event_senders(tracker_store_url) == ["recent"]
    assert counts(app_database) == (1, 1, 1)


async def test_delete_my_data_removes_records_now_and_the_transcript_on_the_next_purge(
    app_database, tracker_store_url
):
    await store_conversation(tracker_store_url, "visitor", dt.datetime.now(dt.timezone.utc))
    add_records(app_database, "visitor", NOW)
    with session_scope(app_database) as session:
        create_handoff(session=session, conversation_id="visitor", reason=HandoffReason.CRISIS)
    events = await ActionDeleteMyData().run(CollectingDispatcher(), tracker(sender="visitor"), DOMAIN)
    assert events[-1] == SlotSet("deletion_outcome", "deleted")
    assert counts(app_database) == (0, 0, 1)  # an open crisis handoff stays until staff resolve it

    purge_requested(app_database, tracker_store_url)  # too soon: Rasa may still be saving that turn
    assert event_senders(tracker_store_url) == ["visitor"]
    report = purge_requested(app_database, tracker_store_url, now=dt.datetime.now(dt.timezone.utc) + DELETION_GRACE)
    assert report.transcripts_deleted == 1 and event_senders(tracker_store_url) == []
    with session_scope(app_database) as session:
        assert session.execute(select(DeletionRequest.completed_at)).scalar_one() is not None


async def test_a_failed_deletion_says_so(unreachable_database):
    events = await ActionDeleteMyData().run(CollectingDispatcher(), tracker(), DOMAIN)
    assert events == [SlotSet("deletion_outcome", "failed")]


def test_servers_starting_together_both_find_the_deletion_table(database_url):
    """Two servers of a cluster start at once and both find the table missing: neither fails."""
    engines = [create_engine(database_url) for _ in range(4)]

    def create_on_signal(engine, start):
        start.wait()
        create_deleted_conversations_table(engine)

    try:
        for _ in range(3):
            deleted_conversations.drop(engines[0], checkfirst=True)
            start = Barrier(len(engines))
            with ThreadPoolExecutor(len(engines)) as pool:
                list(pool.map(create_on_signal, engines, [start] * len(engines)))
            assert inspect(engines[0]).has_table("deleted_conversations")
    finally:
        for engine in engines:
            engine.dispose()
