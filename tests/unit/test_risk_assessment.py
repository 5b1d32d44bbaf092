"""How the lexical rules and the classifier combine into one message's risk (assessment.py).

The classifier is replaced by a fixed judgement here, so each test states what the classifier
said and what the visitor gets; the trained classifier itself is measured by `make eval-risk`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from clinic_assistant.risk.assessment import Level, assess_message
from clinic_assistant.risk.semantic import SemanticJudgement

ANY_EMBEDDING = np.zeros(384, np.float32)


@dataclass
class FixedClassifiers:
    judgement: SemanticJudgement

    def judge(self, text, embedding, language):
        return self.judgement


def says(level="none", situation="none", p_risk=0.0, p_help=0.0):
    return FixedClassifiers(SemanticJudgement(level, situation, p_risk, p_help))


def test_a_message_without_risk_words_is_a_crisis_when_the_classifier_reads_risk():
    risk = assess_message("i gave my cat to my sister today, she'll need her more than me",
                          ANY_EMBEDDING, says("risk", "suicide", 0.93, 0.97))
    assert risk.level is Level.RISK and risk.situation == "suicide"
    assert risk.semantic_only and risk.severity == "medium"


def test_a_less_sure_classifier_only_detection_is_marked_low_for_staff():
    risk = assess_message("i guess it won't matter soon", ANY_EMBEDDING, says("risk", "suicide", 0.55, 0.7))
    assert risk.level is Level.RISK and risk.severity == "low" and risk.semantic_only


def test_a_plan_found_by_the_rules_stays_a_high_severity_crisis_whatever_the_classifier_says():
    risk = assess_message("i'm going to kill myself tonight", ANY_EMBEDDING, says("none", "none", 0.0, 0.0))
    assert risk.level is Level.RISK and risk.severity == "high" and not risk.semantic_only


def test_an_ambiguous_phrase_is_decided_by_meaning():
    refund = "update: the refund still hasn't come through ... i'm tired of fighting"
    assert assess_message(refund, ANY_EMBEDDING, says("none", "none", 0.1, 0.2)).level is Level.NONE
    assert assess_message(refund, ANY_EMBEDDING, says("risk", "suicide", 0.9, 0.95)).level is Level.RISK


def test_the_classifier_never_lowers_what_the_rules_found_otherwise():
    risk = assess_message("i want to die", ANY_EMBEDDING, says("none", "none", 0.0, 0.0))
    assert risk.level is Level.RISK
    obfuscated = assess_message("k i l l myself", ANY_EMBEDDING, says("none", "none", 0.0, 0.0))
    assert obfuscated.level is Level.RISK


def test_grief_named_with_risk_words_gets_the_grief_reply_not_the_crisis_one():
    risk = assess_message("my brother killed himself last spring and i miss him every day", ANY_EMBEDDING,
                          says("distress", "grief", 0.05, 0.9))
    assert risk.level is Level.DISTRESS and risk.situation == "grief"


def test_a_past_attempt_told_to_ask_a_question_gets_the_topic_answer_when_the_classifier_reads_the_topic():
    history = "i attempted suicide in 2015 and have been stable for years. does that rule me out for ketamine?"
    risk = assess_message(history, ANY_EMBEDDING, says("mention", "topic", 0.04, 0.1))
    assert risk.level is Level.MENTION and risk.category is None


def test_the_topic_reading_does_not_lower_a_statement_or_a_classifier_that_sees_some_risk():
    statement = "i attempted suicide in 2015 and lately i keep thinking about it again"
    assert assess_message(statement, ANY_EMBEDDING, says("mention", "topic", 0.04, 0.1)).level is Level.RISK
    question = "i attempted suicide last month, is it normal to still think about it?"
    assert assess_message(question, ANY_EMBEDDING, says("mention", "topic", 0.3, 0.4)).level is Level.RISK


def test_a_symptom_told_as_a_pattern_gets_the_symptom_answer_when_the_classifier_sees_no_risk():
    question = "i get chest pain every time my anxiety spikes, my doctor says my heart is fine. can ketamine help?"
    risk = assess_message(question, ANY_EMBEDDING, says("none", "none", 0.01, 0.05))
    assert risk.level is Level.MENTION and risk.situation == "symptom" and risk.category is None


ANXIETY, THE_EMERGENCY = ("distress", "panic", 0.02, 0.88), ("risk", "medical", 0.58, 0.66)


@pytest.mark.parametrize(
    "text,reading",
    [("had panic attacks since like 2019, used to think i was having a heart attack every time lol", ANXIETY),
     ("I have literally fainted getting blood drawn before. It's so embarrassing", ANXIETY),
     # Fainting at needles: even when the classifier echoes the emergency the words name.
     ("I have literally fainted getting blood drawn before. It's so embarrassing", THE_EMERGENCY),
     ("i passed out when they took my blood last year, will the iv be a problem", THE_EMERGENCY)],
)
def test_a_symptom_told_as_history_is_not_an_emergency_when_the_classifier_reads_anxiety_or_needles(text, reading):
    risk = assess_message(text, ANY_EMBEDDING, says(*reading))
    assert risk.level is Level.MENTION and risk.situation == "symptom"


@pytest.mark.parametrize(
    "text",
    ["my son just fainted getting his shots and he isn't waking up",
     "i passed out at the dentist and my chest hurts now",
     "i used to faint getting blood drawn but right now i took all my pills"],
)
def test_fainting_at_needles_in_the_present_or_beside_another_danger_stays_a_crisis(text):
    assert assess_message(text, ANY_EMBEDDING, says(*THE_EMERGENCY)).level is Level.RISK
    assert assess_message(text, ANY_EMBEDDING, says("risk", "overdose", 0.8, 0.9)).level is Level.RISK


@pytest.mark.parametrize(
    "text",
    ["i think im having a heart attack, i used to get panic attacks but this is different",
     "i fainted before, now my chest is crushing",
     "I fainted before I could call anyone"],
)
def test_a_symptom_told_in_the_present_beside_its_history_stays_an_emergency(text):
    assert assess_message(text, ANY_EMBEDDING, says("distress", "panic", 0.02, 0.88)).level is Level.RISK


def test_a_symptom_in_the_present_stays_an_emergency():
    now = "i get chest pain when i'm anxious but right now it's crushing and my arm is numb"
    assert assess_message(now, ANY_EMBEDDING, says("none", "none", 0.01, 0.05)).level is Level.RISK
    told_plainly = "my chest hurts and i can't breathe"
    assert assess_message(told_plainly, ANY_EMBEDDING, says("none", "none", 0.01, 0.05)).level is Level.RISK
    unsure = "usually when i'm anxious my chest feels tight"
    assert assess_message(unsure, ANY_EMBEDDING, says("risk", "medical", 0.6, 0.7)).level is Level.RISK


GAMING_POST = (
    "malenia made me want to die (affectionately). 87 attempts over two weekends, and every time i got her "
    "to the second phase the waterfowl dance shredded me. my partner started bringing snacks to the couch "
    "like it was a sports match. finally beat her last night with a bleed build and a lot of summons, and "
    "i yelled so loud the neighbour's dog started barking. anyone have tips for the next area?"
)


def test_a_long_post_the_classifier_reads_as_plainly_ordinary_is_not_a_crisis():
    risk = assess_message(GAMING_POST, ANY_EMBEDDING, says("none", "none", 0.02, 0.03))
    assert risk.level is Level.NONE and risk.category is None


def test_a_long_post_keeps_the_rules_finding_when_the_classifier_sees_any_risk():
    assert assess_message(GAMING_POST, ANY_EMBEDDING, says("none", "none", 0.08, 0.1)).level is Level.RISK
    short = "this boss made me want to die"
    assert assess_message(short, ANY_EMBEDDING, says("none", "none", 0.0, 0.0)).level is Level.RISK


def test_distress_without_ideation_is_distress():
    risk = assess_message("i feel so alone lately", ANY_EMBEDDING, says("distress", "distress", 0.1, 0.8))
    assert risk.level is Level.DISTRESS and risk.category is None


@pytest.mark.parametrize(
    "text",
    [
        "My husband died in January. My doctor suggested I look into ketamine for the anxiety that started afterwards.",
        "I lost my son last spring and the anxiety is constant",
        "we lost our baby in march",
        "my grandma passed away last week, does ketamine help anxiety?",
    ],
)
def test_a_loss_told_in_plain_words_is_grief_even_beside_a_question(text):
    risk = assess_message(text, ANY_EMBEDDING, says("none", "none", 0.0, 0.03))
    assert risk.level is Level.DISTRESS and risk.situation == "grief"


@pytest.mark.parametrize(
    "text",
    ["my phone died on the way", "my dad passed the bar exam", "my friend's dog died yesterday", "i lost my dad's keys",
     "we lost our way to the clinic", "she joked that her cat died in 2019",
     "hello. my father passed away about two years ago and i had a rough patch, am i eligible?"],
)
def test_other_deaths_and_losses_long_past_are_not_grief(text):
    assert assess_message(text, ANY_EMBEDDING, says("none", "none", 0.0, 0.03)).level is Level.NONE


def test_without_the_classifier_the_rules_still_answer():
    assert assess_message("i want to die", None, None).level is Level.RISK
    assert assess_message("what are your hours", None, None).level is Level.NONE


def test_spanish_risk_is_found_by_the_spanish_rules_and_answered_in_spanish():
    risk = assess_message("me quiero matar esta noche", ANY_EMBEDDING, says())
    assert risk.level is Level.RISK and risk.language == "es" and risk.severity == "high"
    assert assess_message("me muero de risa con este video", ANY_EMBEDDING, says()).level is Level.NONE


def test_a_veteran_is_recognised_for_the_veterans_line():
    text = "army vet here, i dont want to be alive anymore"
    risk = assess_message(text, ANY_EMBEDDING, says("risk", "suicide", 0.9, 0.95))
    assert risk.level is Level.RISK and risk.veteran


def test_what_is_stored_with_the_message_keeps_the_fields_the_console_reads():
    stored = assess_message("i took all my pills", ANY_EMBEDDING, says()).as_dict()
    assert stored["level"] == "risk" and stored["category"] == "overdose_poisoning"
    assert {"severity", "evidence", "language", "semantic_only", "p_risk"} <= stored.keys()


@dataclass
class ReadsMakeItAsDying:
    """A classifier that reads "make it" as not surviving, and pills as an overdose."""

    def judge(self, text, embedding, language):
        if "nightstand" in text:
            return SemanticJudgement("risk", "overdose", 0.97, 0.98)
        if "make it" in text:
            return SemanticJudgement("risk", "suicide", 0.99, 0.99)
        return SemanticJudgement("none", "none", 0.02, 0.03)


def encode(text):
    return ANY_EMBEDDING


@pytest.mark.parametrize("text", [
    "I won't be able to make it on the 14th",
    "My reference is KS-7H3K2M, i cant make it",
    "cant make it thursday, can we reschedule?",
])
def test_missing_an_appointment_is_read_again_as_a_visit_and_is_not_a_crisis(text):
    risk = assess_message(text, ANY_EMBEDDING, ReadsMakeItAsDying(), encode)
    assert risk.level is Level.NONE and risk.p_risk < 0.1


@pytest.mark.parametrize("text", [
    "i cant make it",
    "I don't think I'll make it to friday",
    "i'm not going to make it through the night",
])
def test_make_it_without_a_day_time_or_booking_stays_a_crisis(text):
    assert assess_message(text, ANY_EMBEDDING, ReadsMakeItAsDying(), encode).level is Level.RISK


def test_a_danger_beside_a_missed_appointment_stays_a_crisis():
    text = "i have an appt on thursday but i might not make it on thursday. i took everything in my nightstand"
    risk = assess_message(text, ANY_EMBEDDING, ReadsMakeItAsDying(), encode)
    assert risk.level is Level.RISK and risk.situation == "overdose"
