"""Plain language: every FAQ answer, as a visitor reads it, at about US grade 8 (issue 13).

The grade is the Flesch-Kincaid formula from textstat (pinned in requirements.lock), over the
answer with its {placeholders} filled in from clinic.yml. `scripts/readability_report.py` prints
the same figures for docs/quality.md.
"""
import re

import pytest

from clinic_assistant.settings import PROJECT_ROOT
from scripts.readability_report import faq_answers, grade, longest_sentence, sentences

MAX_GRADE = 9.0
MAX_MEAN_GRADE = 8.0
MAX_SENTENCE_WORDS = 25
MAX_LIST_LINE_WORDS = 25  # the opening hours from clinic.yml make the longest line
# Promotional words the facts sheet bans, and words that read as a verdict or a promise.
BANNED = re.compile(
    r"\b(miracle\w*|cure-?all|guarantee\w*|breakthrough|revolutionary|life-?changing|game-?changer|magic\w*"
    r"|100%|risk-?free|instant relief|permanent(ly)? (relief|fix)|you (are|'re) (a )?(good )?candidate)\b",
    re.I,
)
# Drug names a visitor may not know, and the gloss each answer must give the first time.
DRUG_NAMES = ("SSRIs", "SNRIs", "buspirone", "benzodiazepines", "lamotrigine", "esketamine")

ANSWERS = faq_answers(PROJECT_ROOT / "domain.yml")


def test_the_measure_is_sane():
    assert grade("The cat sat on the mat. It was warm.") < 3
    assert grade("Pharmacokinetic considerations necessitate individualized administration protocols.") > 12
    assert len(ANSWERS) >= 30


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_no_faq_answer_reads_above_grade_9(topic):
    assert grade(ANSWERS[topic]) <= MAX_GRADE, (topic, ANSWERS[topic])


def test_the_mean_grade_of_the_faq_answers_is_at_most_8():
    mean = sum(grade(text) for text in ANSWERS.values()) / len(ANSWERS)
    assert mean <= MAX_MEAN_GRADE


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_no_sentence_is_over_25_words(topic):
    assert longest_sentence(ANSWERS[topic]) <= MAX_SENTENCE_WORDS, [
        s for s in sentences(ANSWERS[topic]) if len(s.split()) > MAX_SENTENCE_WORDS
    ]


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_no_banned_word(topic):
    assert not BANNED.search(ANSWERS[topic]), BANNED.search(ANSWERS[topic])


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_drug_names_come_with_a_plain_gloss(topic):
    text = ANSWERS[topic]
    for name in DRUG_NAMES:
        found = re.search(rf"\b{name}\b", text)
        if found:
            # "SSRIs and SNRIs (the most common antidepressants)", "the nasal spray, esketamine,"
            after = text[found.end():found.end() + 12]
            before = text[max(0, found.start() - 20):found.start()]
            glossed = "(" in after or before.rstrip().endswith("(") or "nasal spray" in before
            assert glossed, (topic, name)


def test_lists_are_short_lines():
    listed = [topic for topic, text in ANSWERS.items() if "\n- " in text]
    assert {"contraindications", "location_hours"} <= set(listed)
    for topic in listed:
        for line in ANSWERS[topic].splitlines():
            if line.startswith("- "):
                assert len(line.split()) <= MAX_LIST_LINE_WORDS, (topic, line)
