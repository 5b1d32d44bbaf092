"""A long conversation with the trained model: the recent-states policies predict what Rasa's do.

The assistant runs in-process with the action server and the tracker store of endpoints.yml
(CachingSQLTrackerStore). Every prediction of our ClinicRulePolicy, ClinicMemoizationPolicy and ClinicTEDPolicy
(clinic_assistant/rasa_plugins/policies.py) is compared with the prediction of Rasa's own class
on a plain tracker in the same state, which computes the states of the whole conversation. The
conversation has well over a hundred turns, a booking form with a question and a crisis inside
it, and crises late on; the crisis resources must come first every time.
"""
from __future__ import annotations

import asyncio
import json

import pytest
from rasa.core.policies.memoization import MemoizationPolicy as RasaMemoizationPolicy
from rasa.core.policies.rule_policy import RulePolicy as RasaRulePolicy
from rasa.core.policies.ted_policy import TEDPolicy as RasaTEDPolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.db.migrate import upgrade
from clinic_assistant.rasa_plugins import policies
from clinic_assistant.rasa_plugins.internals.trackers import IncrementalTracker, clone_state
from clinic_assistant.rasa_plugins.tracker_store import CachingSQLTrackerStore
from tests.support.servers import ACTION_TOKEN, local_services, running, server_env

RASA_CLASS = {
    policies.ClinicRulePolicy: RasaRulePolicy,
    policies.ClinicMemoizationPolicy: RasaMemoizationPolicy,
    policies.ClinicTEDPolicy: RasaTEDPolicy,
}
CHATTER = ["hello", "what is ketamine", "how much does it cost", "thanks", "will i trip", "is it addictive",
           "what's the weather like", "are you a bot", "how many infusions would i need"]
CRISIS = "i want to kill myself tonight"
COMPARED_FIELDS = ["probabilities", "policy_name", "policy_priority", "events", "optional_events",
                   "is_end_to_end_prediction", "is_no_user_prediction", "hide_rule_turn", "action_metadata"]


@pytest.fixture(scope="module")
def assistant(model_path, tmp_path_factory):
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    tmp = tmp_path_factory.mktemp("long")
    upgrade(f"sqlite:///{tmp}/app.db")
    env = server_env(tmp)
    actions = local_services(model_path, env, tmp)["actions"]
    actions_port = actions.port
    with running(actions):
        store = CachingSQLTrackerStore(host=f"sqlite:///{tmp}/tracker.db")
        agent = Agent.load(
            str(model_path),
            generator=EndpointConfig(type="clinic_assistant.rasa_plugins.nlg.ClinicResponseGenerator"),
            action_endpoint=EndpointConfig(url=f"http://127.0.0.1:{actions_port}/webhook",
                                           headers={"Authorization": f"Bearer {ACTION_TOKEN}"}),
            tracker_store=store,
        )
        yield agent, store, tmp


def compare_with_rasa(agent):
    """Makes each of our policies' graph nodes also ask Rasa's class, on a plain tracker."""
    comparisons = {name.__name__: 0 for name in RASA_CLASS}
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        policy = getattr(node, "_component", None)
        if type(policy) not in RASA_CLASS or node._fn.__name__ != "predict_action_probabilities":
            continue
        theirs = RASA_CLASS[type(policy)].predict_action_probabilities

        def predict(component, tracker, domain, *args, _ours=node._fn, _theirs=theirs, **kwargs):
            prediction = _ours(component, tracker, domain, *args, **kwargs)
            plain = clone_state(tracker, DialogueStateTracker)  # Rasa's past_states: every state
            expected = _theirs(component, plain, domain, *args, **kwargs)
            for field in COMPARED_FIELDS:
                assert getattr(prediction, field) == getattr(expected, field), (type(component).__name__, field)
            comparisons[type(component).__name__] += 1
            return prediction

        node._fn = predict
    return comparisons


def texts(replies):
    return [reply.get("text", "") for reply in replies]


def test_long_conversation_predicts_as_rasa_and_answers_crises_first(assistant):
    agent, store, tmp = assistant
    comparisons = compare_with_rasa(agent)
    loop = asyncio.new_event_loop()
    sender = "long-conversation"

    def say(text):
        return loop.run_until_complete(agent.handle_text(text, sender_id=sender)) or []

    def assert_crisis_first(replies):
        assert replies and "911" in replies[0]["text"] and "988" in replies[0]["text"], texts(replies)

    try:
        for turn in range(120):
            assert say(CHATTER[turn % len(CHATTER)])
        assert "name" in " ".join(texts(say("i'd like to book a consultation"))).lower()
        say("Jane Doe")
        assert say("how much does it cost")  # a question inside the form is answered, the form goes on
        assert_crisis_first(say(CRISIS))  # a crisis inside the form, late in the conversation
        for turn in range(30):
            assert say(CHATTER[turn % len(CHATTER)])
        assert_crisis_first(say(CRISIS))
        assert_crisis_first(say("honestly everyone would be better off without me"))
        assert say("what is ketamine")
    finally:
        loop.close()

    assert all(count > 100 for count in comparisons.values()), comparisons
    # The tracker the store hands out is the one Rasa's own SQL store rebuilds from the database.
    plain_store = SQLTrackerStore(domain=agent.domain, host=f"sqlite:///{tmp}/tracker.db")
    ours = asyncio.run(store.retrieve(sender))
    rasa = asyncio.run(plain_store.retrieve(sender))
    assert isinstance(ours, IncrementalTracker)
    assert [json.dumps(e.as_dict(), sort_keys=True) for e in ours.events] == [
        json.dumps(e.as_dict(), sort_keys=True) for e in rasa.events
    ]
    assert len(rasa.events) > 600
