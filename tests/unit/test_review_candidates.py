"""The review inbox: candidates read from a seeded tracker store, labels stored and audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import AuditEvent, ReviewLabel, ReviewLabelKind
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.db.review import LabelError, MessageRef, label_message, labels_by_message, normalise_topic
from clinic_assistant.references import conversation_ref
from clinic_assistant.review.candidates import Reason, find_candidates, gate_rejected, review_inbox
from tests.unit.review_support import RISK, Tracker, bag_of_words, small_topics

KNOWN = ("cost", "side_effects", "location_hours")


@pytest.fixture
def tracker(tmp_path):
    store = Tracker(f"sqlite:///{tmp_path}/tracker.db")
    # a: a fallback, an FAQ answer, a rephrase of it, then a request for a person.
    store.user("a", "hello", "greet", 0.99)
    store.reply("a", "utter_greet")
    store.user("a", "where can i park", "nlu_fallback", 0.6)
    store.reply("a", "action_suggest_topics")
    store.user("a", "how much is it", "faq", 0.97, topic="cost")
    store.reply("a", "utter_faq/cost")
    store.user("a", "how much is it really", "faq", 0.93, topic="cost")
    store.reply("a", "utter_faq/cost")
    store.user("a", "can i talk to a person", "request_human", 0.98)
    store.reply("a", "action_request_human")
    # b: the domain gate's rejection, the classifier's out of scope, a low confidence, a crisis.
    gate = [{"name": "out_of_scope", "confidence": 0.91}, {"name": "faq", "confidence": 0.91}]
    store.user("b", "how do i reset my router", "out_of_scope", 0.91, ranking=gate)
    store.reply("b", "utter_out_of_scope")
    store.user("b", "what is the weather", "out_of_scope", 0.8)
    store.reply("b", "utter_out_of_scope")
    store.user("b", "what side effects hmm", "faq", 0.42, topic="side_effects")
    store.reply("b", "utter_faq/side_effects")
    store.user("b", "i want to die", "crisis", 1.0, risk=RISK)
    store.reply("b", "utter_crisis_resources")
    store.user("b", "thanks", "thanks", 0.99)
    store.reply("b", "utter_you_are_welcome")
    yield store
    store.dispose()
    dispose_tracker_engines()


def by_text(candidates):
    return {c.text: c for c in candidates}


def test_each_kind_of_trouble_becomes_a_candidate_with_its_reason(tracker):
    found = by_text(find_candidates(tracker.url, topics=small_topics(), encoder=bag_of_words))
    assert {text: c.reasons for text, c in found.items()} == {
        "where can i park": (Reason.FALLBACK,),
        "how much is it really": (Reason.REPHRASE,),
        "can i talk to a person": (Reason.HUMAN_AFTER_ANSWER,),
        "how do i reset my router": (Reason.GATE_REJECTED,),
        "what is the weather": (Reason.OUT_OF_SCOPE,),
        "what side effects hmm": (Reason.LOW_CONFIDENCE,),
        "i want to die": (Reason.RISK,),
    }


def test_a_candidate_says_what_the_assistant_did_its_confidence_and_the_two_nearest_topics(tracker):
    found = by_text(find_candidates(tracker.url, topics=small_topics(), encoder=bag_of_words))
    rephrase = found["how much is it really"]
    assert rephrase.did == ("utter_faq", "utter_faq/cost")
    assert rephrase.confidence == pytest.approx(0.9)  # the lower of the intent's and the answer's
    assert rephrase.nearest_topics[0][0] == "cost" and len(rephrase.nearest_topics) == 2
    assert rephrase.nearest_topics[0][1] >= rephrase.nearest_topics[1][1]
    assert found["i want to die"].risk["level"] == "risk"
    assert found["where can i park"].nearest_topics[0][0] == "location_hours"


def test_candidates_are_newest_first_and_limited(tracker):
    found = find_candidates(tracker.url, topics=small_topics(), encoder=bag_of_words, limit=2)
    assert [c.text for c in found] == ["i want to die", "what side effects hmm"]


def test_a_missing_tracker_store_gives_an_empty_inbox(tmp_path):
    assert find_candidates(f"sqlite:///{tmp_path}/none.db", topics=small_topics(), encoder=bag_of_words) == []
    assert not (tmp_path / "none.db").exists()
    dispose_tracker_engines()


def test_the_domain_gates_mark_is_told_from_diets_own_out_of_scope():
    assert gate_rejected({"intent_ranking": [{"name": "out_of_scope", "confidence": 0.7},
                                             {"name": "faq", "confidence": 0.7}]})
    assert not gate_rejected({"intent_ranking": [{"name": "out_of_scope", "confidence": 0.7},
                                                 {"name": "faq", "confidence": 0.2}]})
    assert not gate_rejected({"intent_ranking": [{"name": "faq", "confidence": 0.7}]})


def test_labels_are_stored_replaced_audited_and_hide_the_message_from_the_inbox(tracker, database_url):
    inbox = review_inbox(database_url, tracker.url, topics=small_topics(), encoder=bag_of_words)
    rephrase = by_text(inbox)["how much is it really"]
    ref = MessageRef(rephrase.sender_id, rephrase.event_id, rephrase.timestamp)
    with session_scope(database_url) as session:
        label_message(session=session, message=ref, kind=ReviewLabelKind.NEW_TOPIC, topic="Payment Plans",
                      staff_username="sam", known_topics=KNOWN)
    with session_scope(database_url) as session:
        label_message(session=session, message=ref, kind=ReviewLabelKind.TOPIC, topic="cost",
                      staff_username="dana", known_topics=KNOWN)
    with session_scope(database_url) as session:
        labels = list(session.execute(select(ReviewLabel)).scalars())
        assert [(lb.kind, lb.topic, lb.staff_username) for lb in labels] == [(ReviewLabelKind.TOPIC, "cost", "dana")]
        assert labels[0].labelled_at is not None
        audit = list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())
        assert [(a.action, a.staff_username) for a in audit] == [
            (AuditAction.REVIEW_LABEL.value, "sam"), (AuditAction.REVIEW_LABEL.value, "dana")]
        assert audit[0].detail == (
            f"conversation={conversation_ref('a')}; event={ref.event_id}; label=new_topic; topic=payment_plans")
        assert audit[1].detail.endswith("; was new_topic")
        assert "how much" not in audit[1].detail
        assert set(labels_by_message(session=session, sender_ids=["a"])) == {("a", ref.event_id)}
    after = review_inbox(database_url, tracker.url, topics=small_topics(), encoder=bag_of_words)
    assert "how much is it really" not in by_text(after) and len(after) == len(inbox) - 1
    shown = review_inbox(database_url, tracker.url, topics=small_topics(), encoder=bag_of_words,
                         include_labelled=True)
    assert by_text(shown)["how much is it really"].label.topic == "cost"


@pytest.mark.parametrize("kind, topic, problem", [
    (ReviewLabelKind.TOPIC, None, "Name the topic"),
    (ReviewLabelKind.TOPIC, "parking", "no FAQ topic"),
    (ReviewLabelKind.NEW_TOPIC, "Cost", "existing topic"),
    (ReviewLabelKind.NEW_TOPIC, "!!", "2 to 63"),
])
def test_a_label_without_a_proper_topic_is_refused(database_url, kind, topic, problem):
    with pytest.raises(LabelError, match=problem), session_scope(database_url) as session:
        label_message(session=session, message=MessageRef("a", 1, 1.0), kind=kind, topic=topic,
                      staff_username="sam", known_topics=KNOWN)


def test_topic_names_take_rasas_form():
    assert normalise_topic("  Parking & Transport ") == "parking_transport"
