"""The trained model routes the assistant's own buttons and canonical questions correctly."""
from __future__ import annotations

import pytest
import yaml

from clinic_assistant.settings import PROJECT_ROOT

RESPONSES = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]
QUESTIONS = {
    name.split("/", 1)[1]: variations[0]["metadata"]["question"]
    for name, variations in RESPONSES.items()
    if name.startswith("utter_faq/")
}
TOPIC_OF_QUESTION = {question: topic for topic, question in QUESTIONS.items()}
BUTTON_QUESTIONS = sorted(
    {
        button["payload"]
        for variations in RESPONSES.values()
        for variation in variations
        for button in variation.get("buttons", [])
        if button["payload"] in TOPIC_OF_QUESTION
    }
)


def faq_topic(result: dict) -> str | None:
    if result["intent"]["name"] != "faq":
        return None
    return result["response_selector"]["faq"]["response"]["intent_response_key"].split("/", 1)[1]


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_each_canonical_question_lands_on_its_topic(parse, topic):
    assert faq_topic(parse(QUESTIONS[topic])) == topic


@pytest.mark.parametrize("question", BUTTON_QUESTIONS)
def test_every_follow_up_button_lands_on_its_topic(parse, question):
    assert faq_topic(parse(question)) == TOPIC_OF_QUESTION[question]


@pytest.mark.parametrize(
    "text",
    ["/greet", "/book_consult", "/request_human", "/deny"],
)
def test_intent_payloads_of_buttons_are_understood(parse, text):
    assert parse(text)["intent"]["name"] == text[1:]


@pytest.mark.parametrize(
    "text",
    ["how do i reset the password on my wifi router", "what's a good recipe for banana bread",
     "can you book me a flight to denver", "who won the football game last night"],
)
def test_questions_from_outside_the_clinic_get_no_faq_answer(parse, text):
    assert faq_topic(parse(text)) is None


@pytest.mark.parametrize(
    "text",
    ["can I take it with my blood thinner?", "is it ok with my insulin", "does it interact with my thyroid medication",
     "i have epilepsy, can i still do it"],
)
def test_medical_questions_without_their_own_answer_go_to_a_clinician_with_the_booking_offer(parse, text):
    # No answer names these medicines or conditions; the medications and contraindications
    # answers say the clinician decides at the consultation, and offer to book it.
    topic = faq_topic(parse(text))
    assert topic in {"medications", "contraindications"}
    answer = RESPONSES[f"utter_faq/{topic}"][0]
    assert "consultation" in answer["text"]
    assert "/book_consult" in [button["payload"] for button in answer["buttons"]]


def test_the_domain_gate_never_hides_a_crisis(parse):
    # Far from every FAQ example, so the gate would say out_of_scope; the risk detector comes after it.
    assert parse("my router is broken and honestly i want to kill myself")["intent"]["name"] == "crisis"
