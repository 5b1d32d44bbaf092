"""The FAQ selector: which FAQ answer a question gets, in the shape Rasa's retrieval action reads."""
from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.rasa_plugins.faq_selector import FaqSelector

TOPICS = {
    "cost": ["how much does ketamine cost", "what is the price of an infusion", "is it expensive",
             "does insurance cover infusions", "how much will i pay for a session"],
    "driving": ["can i drive after an infusion", "will i be able to drive home", "do i need someone to drive me",
                "can i take the bus home afterwards", "is it ok to drive the same day"],
    "side_effects": ["what are the side effects", "will i feel sick afterwards", "does ketamine cause nausea",
                     "what side effects should i expect", "can it raise my blood pressure"],
}
RESPONSES = {f"utter_faq/{topic}": [{"text": f"The answer about {topic}."}] for topic in TOPICS}


def selector_trained_on(tmp_path, topics):
    messages = [Message(data={"text": text, "intent": "faq", "intent_response_key": f"faq/{topic}"})
                for topic, texts in topics.items() for text in texts]
    messages.append(Message(data={"text": "hello there", "intent": "greet"}))
    storage, resource = LocalModelStorage(tmp_path), Resource("faq_selector")
    FaqSelector.create({}, storage, resource, None).train(TrainingData(messages, responses=RESPONSES))
    return FaqSelector.load({}, storage, resource, None)  # what the server runs: the stored state


def selected(selector, text):
    message = Message(data={"text": text})
    selector.process([message])
    return message.get("response_selector")


def test_a_reworded_question_gets_its_topic_s_answer_in_rasa_s_shape(tmp_path):
    selector = selector_trained_on(tmp_path, TOPICS)
    for text, topic in [("what does a ketamine session cost me", "cost"), ("am i allowed to drive after", "driving"),
                        ("could it make me nauseous", "side_effects")]:
        output = selected(selector, text)
        prediction = output["faq"]["response"]
        assert prediction["intent_response_key"] == f"faq/{topic}", text
        assert prediction["utter_action"] == f"utter_faq/{topic}"
        assert prediction["responses"] == RESPONSES[f"utter_faq/{topic}"]
        assert output["all_retrieval_intents"] == ["faq"]


def test_the_ranking_lists_every_topic_best_first(tmp_path):
    output = selected(selector_trained_on(tmp_path, TOPICS), "is there a payment plan")["faq"]
    ranking = output["ranking"]
    assert {r["intent_response_key"] for r in ranking} == {f"faq/{topic}" for topic in TOPICS}
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert abs(sum(confidences) - 1.0) < 1e-4
    assert output["response"]["confidence"] == confidences[0]
    assert output["response"]["intent_response_key"] == ranking[0]["intent_response_key"] == "faq/cost"


def test_with_a_single_topic_every_faq_question_gets_its_answer(tmp_path):
    selector = selector_trained_on(tmp_path, {"cost": TOPICS["cost"]})
    prediction = selected(selector, "how much is it")["faq"]["response"]
    assert prediction["utter_action"] == "utter_faq/cost" and prediction["confidence"] == 1.0


def test_without_faq_examples_nothing_is_selected(tmp_path):
    assert selected(selector_trained_on(tmp_path, {}), "how much is it") is None
