"""IncrementalTracker and CachingSQLTrackerStore give what Rasa's own tracker and store give.

Long generated conversations (FAQ and rule-only turns, forms with rejections and interruptions,
slots set long ago, crises in a form, restarts, new sessions, reverted turns, pauses) are fed
event by event to an IncrementalTracker and a plain DialogueStateTracker; at every step the
applied events, `copy()` and every tail of the policy states must be the same. The policy
predictions themselves are compared on the trained model in
tests/integration/test_long_conversation.py.
"""
from __future__ import annotations

import asyncio
import json
import random

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.rasa_plugins.internals.trackers import IncrementalTracker, recent_past_states
from clinic_assistant.rasa_plugins.tracker_store import CachingSQLTrackerStore
from clinic_assistant.settings import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
RULE_ONLY = {"rule_only_slots": ["booking_outcome", "handoff_outcome"], "rule_only_loops": ["screening_form"]}
OPTIONS = [
    dict(omit_unset_slots=False, ignore_rule_only_turns=False, rule_only_data=None),  # RulePolicy
    dict(omit_unset_slots=False, ignore_rule_only_turns=True, rule_only_data=RULE_ONLY),  # Memoization, TED
    dict(omit_unset_slots=True, ignore_rule_only_turns=True, rule_only_data=None),
]
INTENTS = ["greet", "faq", "thanks", "affirm", "deny", "book_consult", "stop", "crisis", "risk_mention", "out_of_scope"]


def user(rng: random.Random, intent: str | None = None) -> list:
    intent = intent or rng.choice(INTENTS)
    entities = [{"entity": "risk_category", "value": "suicide_self_harm"}] if intent == "crisis" else []
    return [
        UserUttered(f"text {rng.random()}", {"name": intent, "confidence": 1.0}, entities),
    ]


def bot(action: str, hidden: bool) -> list:
    return [ActionExecuted(action, policy="RulePolicy", confidence=1.0, hide_rule_turn=hidden), BotUttered(action)]


def listen() -> list:
    return [ActionExecuted("action_listen")]


def turn(rng: random.Random, in_form: list) -> list:
    """One visitor turn and the assistant's answer, in one of many shapes."""
    kind = rng.choice(
        ["faq", "faq", "greet", "form_start", "form_step", "form_reject", "crisis", "slot", "revert",
         "action_revert", "pause", "followup", "entities", "restart", "session", "reset"]
    )
    events = user(rng)
    if kind == "faq":
        events += [DefinePrevUserUtteredFeaturization(False)] + bot("utter_faq", True)
    elif kind == "greet":
        events += bot("utter_greet", rng.random() < 0.5)
    elif kind == "form_start" and not in_form:
        in_form.append("booking_form")
        events += [ActionExecuted("booking_form"), ActiveLoop("booking_form"), SlotSet("requested_slot", "full_name")]
    elif kind == "form_step" and in_form:
        events += [ActionExecuted("booking_form"), SlotSet("full_name", "Jane"), SlotSet("requested_slot", "contact")]
        if rng.random() < 0.3:
            in_form.clear()
            events += [ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_review_booking"),
                       SlotSet("booking_outcome", "ready")] + bot("utter_booking_summary", True)
    elif kind == "form_reject" and in_form:
        events += [ActionExecutionRejected("booking_form"), ActionExecuted("utter_faq", hide_rule_turn=True),
                   BotUttered("faq"), ActionExecuted("booking_form"), LoopInterrupted(True),
                   SlotSet("requested_slot", "contact")]
    elif kind == "crisis":
        if in_form:
            in_form.clear()
            events += [ActionExecuted("action_deactivate_loop", hide_rule_turn=True), ActiveLoop(None)]
        events += bot("utter_crisis_resources", True) + bot("utter_crisis_offer_staff", True)
        events += [ActionExecuted("action_handle_crisis", hide_rule_turn=True), SlotSet("crisis_flagged", True)]
    elif kind == "slot":
        events += [SlotSet(rng.choice(["booking_outcome", "handoff_outcome", "is_adult"]), rng.choice(["ready", None]))]
        events += bot("utter_you_are_welcome", False)
    elif kind == "revert":
        events += bot("utter_out_of_scope", False) + listen() + user(rng) + [UserUtteranceReverted()]
        return events  # the tracker now waits for the visitor again
    elif kind == "action_revert":
        events += bot("utter_goodbye", False) + [ActionReverted()] + bot("utter_greet", False)
    elif kind == "pause":
        events += [ConversationPaused()] + listen() + user(rng) + [ConversationResumed()] + bot("utter_greet", False)
    elif kind == "followup":
        events += [FollowupAction("utter_disclosure")] + bot("utter_disclosure", False)
    elif kind == "entities":
        events += [EntitiesAdded([{"entity": "booking_field", "value": "time"}])]
        events += bot("utter_ask_booking_field", False)
    elif kind == "restart" and rng.random() < 0.3:
        in_form.clear()
        events = [Restarted(), ActionExecuted("action_session_start"), SessionStarted()] + listen() + user(rng)
        events += bot("utter_greet", True)
    elif kind == "session" and rng.random() < 0.3:
        in_form.clear()
        events = [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("is_adult", True)] + listen()
        events += user(rng) + bot("utter_greet", True)
    elif kind == "reset":
        events += [AllSlotsReset()] + bot("utter_stopped", False)
    else:
        events += bot("utter_out_of_scope", False)
    return events + listen()


def conversation(seed: int, turns: int) -> list:
    rng = random.Random(seed)
    in_form: list = []
    events = [ActionExecuted("action_session_start"), SessionStarted()] + listen()
    for _ in range(turns):
        events += turn(rng, in_form)
    return events


def snapshot(tracker: DialogueStateTracker) -> dict:
    """Everything a tracker's state holds, events by identity."""
    return {
        "events": [id(e) for e in tracker.events],
        "slots": {name: slot.value for name, slot in tracker.slots.items()},
        "paused": tracker.is_paused(),
        "followup": tracker.followup_action,
        "latest_action": tracker.latest_action,
        "latest_message": id(tracker.latest_message) if tracker.latest_message.text else None,
        "latest_bot": id(tracker.latest_bot_utterance) if tracker.latest_bot_utterance.text else None,
        "active_loop": None if tracker.active_loop is None else vars(tracker.active_loop),
        "sender": tracker.sender_id,
        "model_id": tracker.model_id,
    }


def assert_same(incremental: IncrementalTracker, plain: DialogueStateTracker, tail: int) -> None:
    assert [id(e) for e in incremental.applied_events()] == [id(e) for e in plain.applied_events()]
    assert snapshot(incremental) == snapshot(plain)
    assert snapshot(incremental.copy()) == snapshot(plain.copy())
    for options in OPTIONS:
        expected = plain.past_states(DOMAIN, **options)
        states, total = recent_past_states(incremental, DOMAIN, tail, **options)
        assert total == len(expected)
        assert states == expected[-tail:]
        assert recent_past_states(incremental, DOMAIN, None, **options)[0] == expected


@pytest.mark.parametrize("seed", range(12))
def test_incremental_tracker_matches_rasa_event_by_event(seed):
    events = conversation(seed, turns=60)
    incremental = IncrementalTracker("visitor", DOMAIN.slots)
    plain = DialogueStateTracker("visitor", DOMAIN.slots)
    rng = random.Random(seed)
    for index, event in enumerate(events):
        incremental.update(event)
        plain.update(event)
        if rng.random() < 0.25 or index == len(events) - 1:
            assert_same(incremental, plain, tail=rng.choice([1, 2, 6, 12]))
        if rng.random() < 0.05:
            # What the processor and the store do: carry on with a copy, sharing the caches.
            incremental = incremental.copy() if rng.random() < 0.5 else incremental.handout()
            plain = plain.copy()


def test_copies_do_not_disturb_each_other():
    events = conversation(99, turns=40)
    first = IncrementalTracker.from_events("visitor", events, DOMAIN.slots)
    first.recent_past_states(DOMAIN, 5, **OPTIONS[1])
    second = first.copy()
    extra = user(random.Random(1), "crisis") + bot("utter_crisis_resources", True) + listen()
    for event in extra:
        second.update(event)
    plain_first = DialogueStateTracker.from_events("visitor", events, DOMAIN.slots)
    plain_second = DialogueStateTracker.from_events("visitor", events + extra, DOMAIN.slots)
    assert_same(second, plain_second, tail=6)
    assert_same(first, plain_first, tail=6)


def test_direct_state_changes_are_not_in_copies_as_in_rasa():
    events = conversation(3, 10) + [FollowupAction("utter_greet")]
    tracker = IncrementalTracker.from_events("visitor", events, DOMAIN.slots)
    plain = DialogueStateTracker.from_events("visitor", list(tracker.events), DOMAIN.slots)
    tracker.clear_followup_action()
    plain.clear_followup_action()
    assert tracker.copy().followup_action == plain.copy().followup_action == "utter_greet"


def test_a_replaced_event_list_falls_back_to_rasa():
    tracker = IncrementalTracker.from_events("visitor", conversation(5, 20), DOMAIN.slots)
    tracker.applied_events()
    tracker.recent_past_states(DOMAIN, 3)
    tracker.events.pop()
    tracker.events.append(ActionExecuted("utter_goodbye"))
    plain = DialogueStateTracker.from_events("visitor", list(tracker.events), DOMAIN.slots)
    assert [id(e) for e in tracker.applied_events()] == [id(e) for e in plain.applied_events()]
    assert tracker.recent_past_states(DOMAIN, 3)[0] == plain.past_states(DOMAIN)[-3:]
    assert snapshot(tracker.copy()) == snapshot(plain.copy())


# -- the tracker store -----------------------------------------------------------------------------

def run(coroutine):
    return asyncio.run(coroutine)


def stores(url):
    """Our store, another server's, and Rasa's own, on one database (SQLite, and PostgreSQL)."""
    caching = CachingSQLTrackerStore(domain=DOMAIN, host=url)
    other_server = CachingSQLTrackerStore(domain=DOMAIN, host=url)
    plain = SQLTrackerStore(domain=DOMAIN, host=url)
    return caching, other_server, plain


def dump(tracker):
    return None if tracker is None else [json.dumps(e.as_dict(), sort_keys=True) for e in tracker.events]


def assert_store_agrees(caching, plain, sender):
    expected = run(plain.retrieve(sender))
    got = run(caching.retrieve(sender))
    assert dump(got) == dump(expected)
    if expected is not None:
        assert isinstance(got, IncrementalTracker)
        assert snapshot(got)["slots"] == snapshot(expected)["slots"]
        for options in OPTIONS:
            assert recent_past_states(got, DOMAIN, 7, **options)[0] == expected.past_states(DOMAIN, **options)[-7:]
    return got


def test_store_reads_only_new_rows_and_sees_other_servers(database_url):
    caching, other_server, plain = stores(database_url)
    rng = random.Random(7)
    assert run(caching.retrieve("visitor")) is None
    tracker = run(caching.get_or_create_tracker("visitor"))
    in_form: list = []
    for step in range(40):
        for event in turn(rng, in_form):
            tracker.update(event)
        tracker.recent_past_states(DOMAIN, 5, **OPTIONS[1])
        run(caching.save(tracker))
        tracker = assert_store_agrees(caching, plain, "visitor")
        if step % 7 == 3:
            # Another server of the cluster answers the next message.
            theirs = run(other_server.retrieve("visitor"))
            for event in turn(rng, in_form):
                theirs.update(event)
            run(other_server.save(theirs))
            tracker = assert_store_agrees(caching, plain, "visitor")


def test_store_sees_deleted_rows_and_new_sessions(database_url):
    caching, _, plain = stores(database_url)
    tracker = run(caching.get_or_create_tracker("visitor"))
    for event in conversation(11, 15):
        tracker.update(event)
    run(caching.save(tracker))
    assert_store_agrees(caching, plain, "visitor")
    with plain.session_scope() as session:  # what the retention purge does
        session.execute(plain.SQLEvent.__table__.delete().where(plain.SQLEvent.id <= 5))
        session.commit()
    assert_store_agrees(caching, plain, "visitor")
    tracker = run(caching.retrieve("visitor"))
    for event in [ActionExecuted("action_session_start"), SessionStarted()] + listen():
        tracker.update(event)
    run(caching.save(tracker))
    assert len(assert_store_agrees(caching, plain, "visitor").events) <= 3  # the new session only
    # The staff console and the HTTP API read every session, as with Rasa's store.
    full = run(caching.retrieve_full_tracker("visitor"))
    expected = run(plain.retrieve_full_tracker("visitor"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in expected.events]
    assert len(full.events) > 3
    with plain.session_scope() as session:  # "delete my data"
        session.execute(plain.SQLEvent.__table__.delete())
        session.commit()
    assert run(caching.retrieve("visitor")) is None
