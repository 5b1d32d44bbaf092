"""The domain gate: an FAQ answer only for messages near some FAQ example."""
from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.rasa_plugins.domain_gate import DomainGate

FAQ = [
    "how much does ketamine cost", "what is the price of an infusion", "is ketamine safe",
    "what are the side effects of ketamine", "how long does an infusion take", "does insurance cover infusions",
    "how does ketamine work for anxiety", "will i hallucinate during the infusion", "what does an infusion feel like",
    "how many infusions will i need", "how soon will i feel better", "can i drive after an infusion",
]
OTHER = {"greet": ["hello", "hi there"], "out_of_scope": ["what is the weather today", "tell me a joke"]}


def example(text, intent, response_key=None):
    data = {"text": text, "intent": intent}
    if response_key:
        data["intent_response_key"] = f"{intent}/{response_key}"
    return Message(data=data)


def trained_gate(tmp_path):
    messages = [example(t, "faq", "topic") for t in FAQ]
    messages += [example(t, intent) for intent, texts in OTHER.items() for t in texts]
    storage, resource = LocalModelStorage(tmp_path), Resource("domain_gate")
    gate = DomainGate.create({}, storage, resource, None)
    gate.train(TrainingData(messages))
    return DomainGate.load({}, storage, resource, None)  # what the server runs: the stored state


def predicted(text, intent):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.93}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.93}], add_to_output=True)
    return message


def test_an_faq_prediction_far_from_every_faq_example_becomes_out_of_scope(tmp_path):
    gate = trained_gate(tmp_path)
    far, near, typo = (predicted(t, "faq") for t in ("reset my wifi router password", "how much is an infusion",
                                                      "side efects of ketamin?"))
    gate.process([far, near, typo])
    assert far.get("intent")["name"] == "out_of_scope"
    assert far.get("intent_ranking")[0]["name"] == "out_of_scope"
    assert near.get("intent")["name"] == typo.get("intent")["name"] == "faq"


def test_other_intents_are_left_alone(tmp_path):
    gate = trained_gate(tmp_path)
    message = predicted("reset my wifi router password", "request_human")
    gate.process([message])
    assert message.get("intent")["name"] == "request_human"


def fallback(text, first_choice):
    message = Message(data={"text": text})
    message.set("intent", {"name": "nlu_fallback", "confidence": 0.6}, add_to_output=True)
    ranking = [{"name": "nlu_fallback", "confidence": 0.6}, {"name": first_choice, "confidence": 0.58}]
    message.set("intent_ranking", ranking, add_to_output=True)
    return message


def test_a_follow_up_button_question_is_answered_even_when_the_classifier_was_unsure(tmp_path):
    gate = trained_gate(tmp_path)
    button, reworded, other = fallback("Is ketamine safe?", "faq"), fallback("is it safe", "faq"), \
        fallback("is ketamine safe", "greet")
    gate.process([button, reworded, other])
    assert button.get("intent") == {"name": "faq", "confidence": 0.58}
    assert button.get("intent_ranking")[0]["name"] == "faq"
    assert reworded.get("intent")["name"] == other.get("intent")["name"] == "nlu_fallback"
