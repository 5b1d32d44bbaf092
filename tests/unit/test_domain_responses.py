"""Checks every sentence the assistant can say against the clinical hard rules."""
import re
import string

import pytest
import yaml

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]
CLINIC_VALUES = load_clinic_config(PROJECT_ROOT / "clinic.yml").template_values()

FAQ_TOPICS = [
    "what_is_ketamine", "how_it_works", "anxiety_evidence", "what_is_anxiety", "infusion_feeling",
    "infusion_session", "treatment_plan", "onset", "duration", "side_effects", "safety", "addiction",
    "contraindications", "medications", "therapy_combination", "iv_vs_nasal", "fda_status", "preparation",
    "aftercare", "cost", "consultation", "long_term", "cure", "alternatives", "location_hours", "privacy",
    # Topics the project added to the catalogue's (issue 13)
    "conditions_treated", "care_team", "support_person", "dose", "no_response", "start_time", "cancellation_policy",
    "drug_tests", "suicidal_thoughts",
]
CATALOGUE_INTENTS = [
    "greet", "goodbye", "thanks", "affirm", "deny", "bot_challenge", "ask_eligibility", "book_consult",
    "request_human", "crisis", "out_of_scope", "stop", "faq",
]
BANNED = re.compile(r"\b(miracle\w*|guarantee\w*|breakthrough|revolutionary|amazing|life-?changing|100%)", re.I)
CURE = re.compile(r"\bcur(e|es|ed|ing)\b", re.I)
DOSE = re.compile(r"\b\d+(\.\d+)?\s*(mg|milligrams?|mcg|ml)\b|mg/kg", re.I)
VERDICT = re.compile(r"\byou\s+(are|'re|are not|aren't)\s+(not\s+)?eligible\b", re.I)
MAX_FAQ_CHARS = 600
MAX_FAQ_SENTENCES = 5


def all_texts():
    for name, variations in RESPONSES.items():
        for variation in variations:
            yield name, variation.get("text", "")
            for button in variation.get("buttons", []):
                yield name, button["title"]


def placeholders(text):
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_catalogue_topic_has_an_answer_and_a_canonical_question():
    for topic in FAQ_TOPICS:
        assert RESPONSES[f"utter_faq/{topic}"][0]["metadata"]["question"].endswith("?"), topic
    assert sorted(k for k in RESPONSES if k.startswith("utter_faq/")) == sorted(f"utter_faq/{t}" for t in FAQ_TOPICS)


def test_the_catalogue_intents_are_in_the_domain():
    assert set(CATALOGUE_INTENTS) <= set(DOMAIN["intents"])


@pytest.mark.parametrize("name, text", list(all_texts()))
def test_no_promotional_words_doses_or_eligibility_verdicts(name, text):
    assert not BANNED.search(text), name
    assert not DOSE.search(text), name
    assert not VERDICT.search(text), name
    for match in CURE.finditer(text):
        assert text[max(0, match.start() - 6) : match.start()].lower().endswith("not a "), name


@pytest.mark.parametrize("name, text", list(all_texts()))
def test_every_placeholder_is_a_clinic_value_or_a_slot(name, text):
    assert placeholders(text) <= set(CLINIC_VALUES) | set(DOMAIN["slots"]), name


@pytest.mark.parametrize("topic", FAQ_TOPICS)
def test_faq_answers_are_short(topic):
    text = RESPONSES[f"utter_faq/{topic}"][0]["text"].format(**CLINIC_VALUES)
    assert len(text) <= MAX_FAQ_CHARS
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    assert 1 <= len(sentences) <= MAX_FAQ_SENTENCES + 1


def test_the_first_message_discloses_an_automated_assistant_and_the_crisis_line():
    text = RESPONSES["utter_disclosure"][0]["text"]
    assert "automated assistant" in text
    assert "not a person or a clinician" in text
    assert "not for emergencies" in text
    assert {"emergency_number", "crisis_line"} <= placeholders(text)


def test_the_crisis_response_gives_every_configured_line():
    text = RESPONSES["utter_crisis_resources"][0]["text"]
    assert {"emergency_number", "crisis_line", "crisis_text_line"} <= placeholders(text)


def test_buttons_send_a_known_intent_or_a_question():
    for name, variations in RESPONSES.items():
        for variation in variations:
            for button in variation.get("buttons", []):
                payload = button["payload"]
                if "{" in payload and not payload.startswith("/"):
                    continue  # filled from a slot, e.g. the fallback's suggested questions
                if payload.startswith("/"):
                    assert payload[1:].split("{")[0] in DOMAIN["intents"], (name, payload)
                else:
                    assert payload.endswith("?"), (name, payload)
