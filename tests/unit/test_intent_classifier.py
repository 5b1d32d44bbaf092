"""The intent classifier: a message's intent and ranking, in the shape DIET gives them."""
from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.rasa_plugins.intent_classifier import IntentClassifier

INTENTS = {
    "greet": ["hi", "hello there", "good morning", "hey", "hi, anyone there?"],
    "book_consult": ["i want to book a consultation", "can i make an appointment", "schedule a consult please",
                     "how do i book", "i'd like to see a doctor about ketamine"],
    "faq": ["how much does it cost", "is ketamine safe", "can i drive home after", "what are the side effects",
            "how long does an infusion take"],
}


def classifier_trained_on(tmp_path, intents):
    messages = [Message(data={"text": text, "intent": intent}) for intent, texts in intents.items() for text in texts]
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    IntentClassifier.create({}, storage, resource, None).train(TrainingData(messages))
    return IntentClassifier.load({}, storage, resource, None)  # what the server runs: the stored state


def classified(classifier, text):
    message = Message(data={"text": text})
    classifier.process([message])
    return message.get("intent"), message.get("intent_ranking")


def test_reworded_messages_get_their_intent_with_a_ranking_best_first(tmp_path):
    classifier = classifier_trained_on(tmp_path, INTENTS)
    for text, intent in [("hello!", "greet"), ("i would like to book an appointment", "book_consult"),
                         ("is it expensive", "faq")]:
        best, ranking = classified(classifier, text)
        assert best["name"] == intent, text
        assert ranking[0] == best
        assert {r["name"] for r in ranking} == set(INTENTS)
        confidences = [r["confidence"] for r in ranking]
        assert confidences == sorted(confidences, reverse=True) and abs(sum(confidences) - 1.0) < 1e-4


def test_with_a_single_intent_every_message_gets_it(tmp_path):
    best, ranking = classified(classifier_trained_on(tmp_path, {"greet": INTENTS["greet"]}), "anything at all")
    assert best == {"name": "greet", "confidence": 1.0} and ranking == [best]


def test_without_examples_no_intent_is_set(tmp_path):
    assert classified(classifier_trained_on(tmp_path, {}), "hello") == (None, None)
