"""Issue 16 item 3: "delete my data" keeps its promise.

- against the real servers: after the visitor confirms, the running worker removes the transcript
  within DELETION_GRACE + PURGE_CHECK_SECONDS, without `make purge`;
- the race: a purge while a turn is in progress is not undone when the caching tracker store
  saves that turn (on SQLite and PostgreSQL);
- resolving a handoff removes its evidence and call-back details, keeping what reports count.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import uuid

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff, resolve_handoffs
from clinic_assistant.db.models import DeletionRequest, Handoff, HandoffReason, utcnow
from clinic_assistant.db.rasa_events import events, tracker_engine
from clinic_assistant.privacy import DELETION_GRACE, purge_requested
from clinic_assistant.rasa_plugins.tracker_store import CachingSQLTrackerStore
from clinic_assistant.settings import PROJECT_ROOT
from tests.security.test_alert_flood import post
from tests.unit.conftest import database_url  # noqa: F401  (the fixture: SQLite and PostgreSQL)

PURGE_CHECK_SECONDS = 2
DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def transcript(tracker_store_url: str, sender: str) -> list[str]:
    with tracker_engine(tracker_store_url).connect() as connection:
        rows = connection.execute(sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id))
        return [json.loads(data).get("text") or json.loads(data)["event"] for (data,) in rows]


def test_the_transcript_is_gone_within_the_schedule_without_make_purge(stack, tmp_path):
    env = {**stack["env"], "PURGE_CHECK_SECONDS": str(PURGE_CHECK_SECONDS)}
    with (tmp_path / "worker.log").open("w") as log:
        worker = subprocess.Popen([sys.executable, "-m", "clinic_assistant.review.escalation_worker"],
                                  cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        sender = f"sec-{uuid.uuid4().hex}"
        for text in ("my name is Jane Doe and my number is 555 0100", "delete my data", "/affirm"):
            assert post(stack["rasa_port"], sender, text)[0] == 200
        assert "my name is Jane Doe and my number is 555 0100" in transcript(env["TRACKER_STORE_URL"], sender)
        deadline = time.monotonic() + DELETION_GRACE.total_seconds() + PURGE_CHECK_SECONDS + 15
        while transcript(env["TRACKER_STORE_URL"], sender) and time.monotonic() < deadline:
            time.sleep(1)
        assert transcript(env["TRACKER_STORE_URL"], sender) == [], (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_a_purge_during_a_turn_is_not_undone_when_the_turn_is_saved(database_url):  # noqa: F811
    store = CachingSQLTrackerStore(domain=DOMAIN, host=database_url)
    sender = "visitor-in-a-turn"
    tracker = asyncio.run(store.get_or_create_tracker(sender))
    for event in (ActionExecuted("action_listen"), UserUttered("I'm Jane, 555 0100", {"name": "greet"}),
                  BotUttered("Hello Jane"), ActionExecuted("action_listen")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    # A turn begins: Rasa retrieves the session (the store keeps it in memory) ...
    tracker = asyncio.run(store.retrieve(sender))
    tracker.update(UserUttered("delete my data", {"name": "delete_data"}))
    # ... the scheduled purge runs meanwhile, for a request filed a while ago ...
    with session_scope(database_url) as session:
        session.add(DeletionRequest(conversation_id=sender, requested_at=utcnow() - DELETION_GRACE))
    assert purge_requested(database_url, database_url).transcripts_deleted == 1
    assert transcript(database_url, sender) == []
    # ... and the turn ends: Rasa saves the tracker, which still holds every event.
    tracker.update(BotUttered("Done."))
    asyncio.run(store.save(tracker))
    assert "I'm Jane, 555 0100" not in transcript(database_url, sender)
    assert set(transcript(database_url, sender)) <= {"Done."}  # only what came after the purge
    # A later message is a conversation of its own, and kept.
    later = asyncio.run(store.get_or_create_tracker(sender))
    later.update(UserUttered("hello again", {"name": "greet"}))
    asyncio.run(store.save(later))
    assert transcript(database_url, sender)[-1] == "hello again"
    store.engine.dispose()


def test_a_write_back_that_slipped_past_the_check_goes_at_the_next_purge(database_url):  # noqa: F811
    """A save that checked for the deletion just before the purge committed writes old events;
    the next round deletes every event from before the deletion."""
    store = CachingSQLTrackerStore(domain=DOMAIN, host=database_url)
    sender = "visitor-slipped"
    with session_scope(database_url) as session:
        session.add(DeletionRequest(conversation_id=sender, requested_at=utcnow() - DELETION_GRACE))
    purge_requested(database_url, database_url)
    with tracker_engine(database_url, read_only=False).begin() as connection:
        old = {"event": "user", "text": "written back", "timestamp": time.time() - 60}
        connection.execute(sa.insert(events).values(sender_id=sender, type_name="user", timestamp=old["timestamp"],
                                                    data=json.dumps(old)))
    purge_requested(database_url, database_url)
    assert transcript(database_url, sender) == []
    store.engine.dispose()


def test_resolving_a_handoff_removes_its_evidence_and_call_back_details(database_url):  # noqa: F811
    with session_scope(database_url) as session:
        handoff = create_handoff(session=session, conversation_id="c1", reason=HandoffReason.CRISIS,
                                 risk_category="suicide", severity="high", evidence=["kill myself tonight"])
        handoff.callback_name, handoff.callback_phone = "Jane Doe", "555 0100"
        session.flush()
        resolve_handoffs(session=session, handoffs=[handoff], note="called back", now=utcnow())
    with session_scope(database_url) as session:
        kept = session.execute(sa.select(Handoff)).scalar_one()
        assert (kept.evidence, kept.callback_name, kept.callback_phone) == ([], None, None)
        assert (kept.reason, kept.risk_category, kept.severity, kept.callback_requested) == (
            HandoffReason.CRISIS, "suicide", "high", True)
        assert kept.created_at is not None and kept.resolved_at is not None
