"""Custom actions with a CollectingDispatcher and one tracker per scenario."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.crisis import ActionHandleCrisis
from actions.fallback import ActionSuggestTopics
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Handoff
from clinic_assistant.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


def tracker(latest_message=None, slots=None, sender="visitor-1") -> Tracker:
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest_message or {},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def ranking(*topics):
    return {"response_selector": {"faq": {"ranking": [{"intent_response_key": f"faq/{t}"} for t in topics]}}}


@pytest.mark.parametrize(
    "latest, expected",
    [
        (ranking("safety", "side_effects", "cost"), ("Is ketamine safe?", "What are the side effects?")),
        (ranking("cost", "consultation"), ("How much does it cost?", "What happens at the consultation?")),
        (ranking("safety"), (None, None)),
        ({}, (None, None)),
    ],
    ids=["three ranked", "two ranked", "one ranked", "no selector output"],
)
async def test_fallback_suggests_the_two_likeliest_topics(latest, expected):
    dispatcher = CollectingDispatcher()
    events = await ActionSuggestTopics().run(dispatcher, tracker(latest), DOMAIN)
    assert events == [SlotSet("suggestion_1", expected[0]), SlotSet("suggestion_2", expected[1])]
    assert dispatcher.messages == []  # the rule sends utter_suggest_topics


async def test_crisis_action_records_a_handoff_with_the_detector_evidence(app_database):
    risk = {"level": "risk", "category": "overdose_poisoning", "severity": "high", "evidence": ["took all my pills"]}
    events = await ActionHandleCrisis().run(CollectingDispatcher(), tracker({"risk": risk}, sender="c-1"), DOMAIN)
    assert events == [SlotSet("crisis_flagged", True)]
    with session_scope(app_database) as session:
        (handoff,) = session.execute(select(Handoff)).scalars().all()
        assert (handoff.conversation_id, handoff.reason.value, handoff.risk_category, handoff.evidence) == (
            "c-1", "crisis", "overdose_poisoning", ["took all my pills"],
        )


async def test_crisis_action_still_flags_the_conversation_when_the_database_is_down(unreachable_database, caplog):
    events = await ActionHandleCrisis().run(CollectingDispatcher(), tracker({"risk": {}}), DOMAIN)
    assert events == [SlotSet("crisis_flagged", True)]
    assert "CRISIS HANDOFF NOT RECORDED" in caplog.text
