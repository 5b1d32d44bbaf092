"""Safety-critical lexical risk detector for visitor messages (plain stdlib, no Rasa import).

`assess(text)` says whether a message carries risk, of which kind, and which words showed it:

* RISK     the visitor (or, for medical emergencies and poisoning, someone with them) may be in
           danger: suicide or self-harm (eating-disorder self-harm included), overdose or
           poisoning, a medical emergency, violence or abuse against the visitor. The assistant
           answers with the crisis response first.
* MENTION  suicide, self-harm or overdose as a topic: definitions ("what is suicide"), questions
           about the treatment ("does ketamine help suicidal thoughts"), questions about other
           people with no "I"/"me"/"my" in them ("why do people self-harm?"), negations ("I'm
           not suicidal"), prevention vocabulary. Not a crisis, but the answer names the crisis line.
* NONE     nothing of the kind, including ordinary questions with alarming words ("does
           ketamine kill brain cells", "I'm dying to know the price", "kill a stuck process").

Policy: when in doubt between MENTION/NONE and RISK, choose RISK. A false alarm costs the
visitor a few seconds; a miss can cost a life. So naming suicide, self-harm or an eating disorder
is RISK unless the framing clearly says "topic"; every exception (idiom, negation, topic question)
is narrow and documented where it is defined.

The package, in reading order:
    normalisation.py   the text the patterns read (normalise, squeeze, SpanMap)
    vocab.py       pattern macros ("<ME>", "<PILLS>") and trigger words, as data
    patterns.py    the pattern language: macro expansion, squeeze, alternation optimiser
    masks.py       idiom and mention masks, as named entries
    context.py     negation, hypotheticals, imminence, the past, the shape of a question
    rules/         the rule table, by kind (suicide, methods, self_harm, overdose, ...)
    starts.py      where a pattern can start, so the engine reads only there
    engine.py      scan and decide: assess()
"""
from __future__ import annotations

from clinic_assistant.risk.lexical.engine import _assess as _assess  # re-exported for the unit tests
from clinic_assistant.risk.lexical.engine import assess, word_keys
from clinic_assistant.risk.lexical.normalisation import MAX_SCAN_CHARS, normalise, squeeze
from clinic_assistant.risk.lexical.patterns import SOURCES, UNOPTIMISED, p
from clinic_assistant.risk.lexical.rules import RULES
from clinic_assistant.risk.lexical.types import RiskAssessment, RiskCategory, RiskLevel
from clinic_assistant.risk.lexical.vocab import TRIGGERS

__all__ = ["MAX_SCAN_CHARS", "RiskAssessment", "RiskCategory", "RiskLevel", "assess", "normalise"]

# The unit tests (tests/unit/test_risk_detector.py) read these internals under their old names
# (and _assess, above).
_RULES = RULES
_SOURCES = SOURCES
_TRIGGERS = TRIGGERS
_UNOPTIMISED = UNOPTIMISED
_p = p
_squeeze = squeeze
_word_keys = word_keys
