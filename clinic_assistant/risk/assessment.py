"""One message's risk: the lexical and the semantic signal combined.

    RISK      crisis now: the crisis reply for its situation, and a handoff for staff
    DISTRESS  struggling without ideation (also grief and panic): a warm reply naming 988
    MENTION   the topic, someone else in general, a question: an answer that names the line
    NONE      nothing of the kind

Either signal can raise RISK on its own; safety comes first, so the semantic signal lowers a
lexical finding only in narrow cases: a phrase that is as often innocent as not ("tired of
fighting", "I'd rather die than...") that it reads as ordinary, a question about the topic,
grief or panic named in the rules' words (`_vetoed`, never a high-severity hit), and a long post
that it reads as plainly ordinary (`_ordinary_story`: "this boss made me want to die", "she
choked on a noodle laughing" in a hundred words about a game or a family dinner). The severity
staff see follows the evidence: the lexical rules mark plans, means, timing and acts in progress
"high"; a semantic-only detection is "medium", or "low" (and marked `semantic_only`) when the
classifier is less sure.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from clinic_assistant.risk import RiskCategory, RiskLevel, assess
from clinic_assistant.risk.language import SPANISH, detect_language
from clinic_assistant.risk.lexical.normalisation import MAX_SCAN_CHARS
from clinic_assistant.risk.semantic import RiskClassifiers, is_long
from clinic_assistant.risk.spanish import assess_spanish


class Level(str, Enum):
    NONE = "none"
    MENTION = "mention"
    DISTRESS = "distress"
    RISK = "risk"


# The category the staff queue and console have always shown, per risk situation.
CATEGORY = {
    "suicide": RiskCategory.SUICIDE_SELF_HARM.value,
    "self_harm": RiskCategory.SUICIDE_SELF_HARM.value,
    "overdose": RiskCategory.OVERDOSE.value,
    "medical": RiskCategory.MEDICAL_EMERGENCY.value,
    "abuse": RiskCategory.VIOLENCE_ABUSE.value,
    "third_party": "third_party",
}
_SITUATION_OF_CATEGORY = {
    RiskCategory.SUICIDE_SELF_HARM: "suicide",
    RiskCategory.OVERDOSE: "overdose",
    RiskCategory.MEDICAL_EMERGENCY: "medical",
    RiskCategory.VIOLENCE_ABUSE: "abuse",
}
# Below this probability a semantic-only detection is marked low-confidence for staff.
CONFIDENT_SEMANTIC = 0.8
# What the lexical rules call the topic ("does ketamine help suicidal thoughts?") becomes a crisis
# on the classifier's word only when it is this sure.
UPGRADE_MENTION = 0.7
# A medium lexical hit the classifier reads as the topic ("I attempted suicide in 2015, stable for
# years: can I still have ketamine?", "can ketamine make you suicidal?") is the topic when the
# classifier also gives risk less than this. Chosen out of fold on the training examples: of the
# risk examples the rules flag at medium severity none was lowered, of the topic ones 88% were.
MENTION_BELOW = 0.15
# A long post (semantic.LONG_POST_WORDS) gives the classifier the context a rule's phrase lacks;
# below ORDINARY_BELOW it decides. Checked on the team's training and development sets (never the
# held-out ones): no risk post of 50 words or more with a rule hit scores under 0.05 (two score
# 0.06 and 0.10), while most ordinary ones with a rule hit score under 0.02.
ORDINARY_BELOW = 0.05
# Phrases the lexical rules flag that are as often about an airline, a deadline or karaoke as about
# life: on these alone the classifier decides (`_ambiguous`).
_AMBIGUOUS_EVIDENCE = re.compile(
    r"^(?:im |i m |i am |so |just |really )*(?:tired|sick|exhausted|weary) of |"
    r"^(?:done|finished|through) (?:with )?|"
    r"rather (?:be )?(?:die|dead)|^suicides$|^kil+ me now$|"
    r"^(?:i )?(?:cant|can t|cannot) (?:do this|take it|take this|deal|handle|keep)"
)
# A symptom told as a pattern or as history ("chest pain when my anxiety hits", "choking feeling
# every time", "got me to the ER twice last year") is what visitors of an anxiety clinic ask about;
# an emergency is told in the present ("my chest hurts right now").
_SYMPTOM_HISTORY = re.compile(
    r"\b(?:when(?:ever)? (?:i|my|im|i m|i am|it|anxiety|panic)|every (?:time|day|night|morning|week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|sometimes|usually|often|for (?:years|months)|"
    r"used to|in the past|last (?:year|month|summer|winter|spring|fall|autumn)|(?:years|months) ago|"
    r"before(?=\s*(?:[.,!?;]|$|too\b|lol\b))|"
    r"turned out|(?:doc|doctor|gp|cardiologist|therapist) (?:says|said|thinks|told)|(?:does|do|can|will|would|"
    r"could) (?:ketamine|it|the treatment|treatment|infusions?|this) (?:help|work|treat|fix|make))\b"
)
_SYMPTOM_NOW = re.compile(
    r"\b(?:now|right now|tonight|today|this (?:morning|afternoon|evening)|currently|at the moment|atm|rn|"
    r"still|getting worse|wont stop|won t stop|won't stop|since (?:this|last night|an hour|\d)|"
    r"(?:i'?m|i am|i m) (?:having|getting|feeling)|(?:it'?s|its|this is) happening|happening again)\b"
)
# Fainting at needles told as history ("I have literally fainted getting blood drawn before") is a
# visitor of an infusion clinic telling their fear, which the classifier reads as the emergency the
# words name; with a history marker and nothing in the present it is the symptom's answer too.
_NEEDLE_STORY = re.compile(
    r"\b(?:(?:my|their|the|a|getting|get|got|had|have|having) blood(?: (?:drawn|draws?|tests?|work|taken))?|"
    r"blood (?:drawn|draws?|tests?|work)|needles?|shots?|injections?|vaccin\w*|an iv|the iv|ivs|dentist)\b"
)
# Said in so many words, struggling is distress even when the classifier is unsure.
_ASKS_FOR_SUPPORT = re.compile(
    r"\b(?:i ?a?m|i'm|im) (?:really |so |just )?struggling\b(?! (?:with|to) (?:the|this|my|a|your|an) "
    r"(?:form|website|site|app|booking|page|login|password|printer|homework|math))|"
    r"\b(?:i (?:really )?need|would (?:really )?appreciate|looking for) (?:some )?(?:emotional )?support\b|"
    r"\bi feel so (?:alone|lonely|hopeless|empty|lost)\b|\bi (?:cant|can't|cannot) (?:stop crying|cope)\b"
)
# A loss told in plain words ("My husband died in January", "I lost my son last spring") is grief
# even when the rest of the message is a question about the treatment: condolence comes first. Only
# people close to the visitor, and only the words for a death ("my phone died", "my dad passed the
# bar" and "my friend's dog died" are not).
_PEOPLE = (
    r"(?:husband|wife|partner|fiance|fiancee|boyfriend|girlfriend|son|daughter|child|baby|kid|mom|mother|"
    r"mum|dad|father|brother|sister|grandma|grandmother|grandpa|grandfather|nana|granny|friend|best friend|"
    r"uncle|aunt|cousin|twin|stepdad|stepmom|stepfather|stepmother)"
)
_BEREAVED = re.compile(
    r"\b(?:my|our) (?:(?:little|baby|older|younger|big|twin|late|dear|best|oldest|youngest|only) )?" + _PEOPLE
    + r" (?:(?:just|recently|suddenly|unexpectedly|finally|has|had) )?(?:died|passed away|passed on|"
    r"was killed|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life)\b|"
    r"\b(?:i|we) (?:just |recently )?lost (?:my|our) (?:(?:little|baby|older|younger|big|twin|best|only) )?" + _PEOPLE
    + r"(?= (?:to|in|last|this|a|two|three|four|five|six|\d+|recently|suddenly|when|after|years?|months?|weeks?)\b|"
    r"\s*[.,!;]|\s*$)"
)
# ...unless long past: "my father passed away about two years ago" told to ask about eligibility is
# background to a question (a grief that still overwhelms reads as distress to the classifier).
_LONG_AGO = re.compile(
    r"\b(?:[2-9]|\d\d|two|three|four|five|six|seven|eight|nine|ten|several|many|a few|few) years? (?:ago|back)\b|"
    r"\b(?:19|20)\d\d\b"
)
_VETERAN = re.compile(
    r"\b(?:veterans?|vets?|ex[- ]military|served (?:in|two|three|\d+) |deployments?|deployed|combat|"
    r"(?:the )?(?:army|marines?|navy|air force|national guard)|va hospital|the va)\b",
    re.IGNORECASE,
)


# "i cant make it on friday" is about a visit, yet reads to the classifier as not surviving
# (p_risk 0.77): the one "make it" about an appointment in its training data is a risk example.
# When the words tie "make it" to a day or a time, or the message is about rescheduling,
# cancelling or a booking reference, the classifier reads it again with "come in" in its place,
# and what the rest says still decides ("i took everything in my nightstand" stays a crisis). A
# bare "i can't make it", or "make it to friday", can mean not surviving and is not read again.
_MAKE_IT = re.compile(r"\bmake it\b", re.IGNORECASE)
_ABOUT_A_BOOKING = re.compile(
    r"\bmake it (?:on |at |this |next )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|the \d{1,2}(?:st|nd|rd|th)\b|"
    r"\d{1,2}(?::\d\d)? ?(?:am|pm)\b)|\b(?:reschedul\w*|cancel\w*|reference|ref|booking|booked|confirmation)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MessageRisk:
    level: Level
    situation: str = "none"
    severity: str | None = None  # RISK only: "high", "medium" or "low"
    evidence: tuple[str, ...] = ()
    language: str = "en"
    semantic_only: bool = False
    veteran: bool = False
    p_risk: float = 0.0
    semantic: dict[str, object] = field(default_factory=dict)

    @property
    def category(self) -> str | None:
        return CATEGORY.get(self.situation) if self.level is Level.RISK else None

    def as_dict(self) -> dict[str, object]:
        """What is stored with the message (the console and the conversation policy read it)."""
        return {
            "level": self.level.value,
            "situation": self.situation,
            "category": self.category,
            "severity": self.severity,
            "evidence": list(self.evidence),
            "language": self.language,
            "semantic_only": self.semantic_only,
            "veteran": self.veteran,
            "p_risk": round(self.p_risk, 3),
            "p_help": round(float(self.semantic.get("p_help") or 0.0), 3),
        }


def assess_message(
    text: str, embedding: np.ndarray | None, classifiers: RiskClassifiers | None,
    encode: Callable[[str], np.ndarray] | None = None,
) -> MessageRisk:
    """Both signals over one message. Without the classifiers, the lexical signal alone. With
    `encode` (a text's sentence embedding), a classifier-only crisis about missing an appointment
    is read again in the words of a visit (_ABOUT_A_BOOKING)."""
    text = text or ""
    risk = _assess(text, embedding, classifiers)
    if encode is not None and risk.semantic_only and risk.language != SPANISH and (
        _MAKE_IT.search(text) and _ABOUT_A_BOOKING.search(text)
    ):
        as_a_visit = _MAKE_IT.sub("come in", text)
        again = _assess(as_a_visit, encode(as_a_visit), classifiers)
        if again.level is not Level.RISK:
            return again
    return risk


def _assess(text: str, embedding: np.ndarray | None, classifiers: RiskClassifiers | None) -> MessageRisk:
    language = detect_language(text)
    lexical = assess(text)
    judgement = classifiers.judge(text, embedding, language) if classifiers is not None else None
    veteran = bool(_VETERAN.search(text[:MAX_SCAN_CHARS]))
    common = {"language": language, "veteran": veteran,
              "p_risk": judgement.p_risk if judgement else 0.0,
              "semantic": judgement.as_dict() if judgement else {}}

    literal = _literal(lexical, text)
    read_alike = literal and lexical.level is RiskLevel.RISK and judgement is not None
    # Meaning decides "tired of fighting" with an airline, "i'd rather die than sing karaoke", and a
    # long post about a boss fight that the classifier finds plainly ordinary.
    if read_alike and (
        (_ambiguous(lexical) and judgement.level in ("none", "mention"))
        or (language != SPANISH and _ordinary_story(judgement, text))
    ):
        level = Level.MENTION if judgement.level == "mention" else Level.NONE
        return MessageRisk(level, "topic" if level is Level.MENTION else "none", None, lexical.evidence, **common)
    if read_alike and _vetoed(lexical, judgement, language, text):
        # Read as grief ("my brother killed himself last year") or the topic, not as a crisis now.
        if judgement.level == "distress":
            return MessageRisk(Level.DISTRESS, judgement.situation, None, lexical.evidence, **common)
        return MessageRisk(Level.MENTION, "topic", None, lexical.evidence, **common)
    if read_alike and language != SPANISH and _symptom_history(lexical, judgement, text):
        # "does ketamine help the chest tightness i get when anxious?": the symptom's answer (which
        # says when to call 911), not an emergency handoff.
        return MessageRisk(Level.MENTION, "symptom", None, lexical.evidence, **common)
    if lexical.level is RiskLevel.RISK:
        situation = _SITUATION_OF_CATEGORY[lexical.category]
        if judgement and judgement.level == "risk" and judgement.situation in ("self_harm", "third_party"):
            if situation == "suicide":
                situation = judgement.situation  # the classifier tells self-harm and someone else apart
        return MessageRisk(Level.RISK, situation, lexical.severity or "medium", lexical.evidence, **common)

    # The Spanish rules also read what the English ones found nothing in: Lingua is unsure of some
    # short Spanish ("esta es mi ultima noche, ya lo decidi" is Spanish at 0.83, under the 0.85 it
    # takes), and a message their Spanish phrases match is Spanish enough for the Spanish reply.
    if (language == SPANISH or lexical.level is RiskLevel.NONE) and (hit := assess_spanish(text)):
        return MessageRisk(Level.RISK, hit.situation, hit.severity, hit.evidence, **{**common, "language": SPANISH})

    if judgement and judgement.level == "risk" and (
        lexical.level is not RiskLevel.MENTION or judgement.p_risk >= UPGRADE_MENTION
    ):
        confident = judgement.p_risk >= CONFIDENT_SEMANTIC
        return MessageRisk(Level.RISK, judgement.situation, "medium" if confident else "low",
                           (f"semantic: {judgement.situation} ({judgement.p_risk:.2f})",),
                           semantic_only=True, **common)
    if judgement and judgement.level == "distress":
        return MessageRisk(Level.DISTRESS, judgement.situation, None, lexical.evidence, **common)
    if lexical.level is not RiskLevel.MENTION and (asked := _ASKS_FOR_SUPPORT.search(text[:MAX_SCAN_CHARS].lower())):
        return MessageRisk(Level.DISTRESS, "distress", None, (asked.group(0),), **common)
    plain = text[:MAX_SCAN_CHARS].lower().replace("'", "").replace("’", "")
    if lexical.level is RiskLevel.NONE and (loss := _BEREAVED.search(plain)) and not _LONG_AGO.search(plain):
        return MessageRisk(Level.DISTRESS, "grief", None, (loss.group(0),), **common)
    if lexical.level is RiskLevel.MENTION or (judgement and judgement.level == "mention"):
        return MessageRisk(Level.MENTION, "topic", None, lexical.evidence, **common)
    return MessageRisk(Level.NONE, **common)


def warm_up(classifiers: RiskClassifiers | None) -> None:
    """Builds what the first message would otherwise wait for (the lexical patterns, the language
    detector, the Spanish rules: about 350 ms), so that no visitor's first message pays for it."""
    for text in ("is it safe to drive home after", "me quiero morir esta noche"):
        assess_message(text, None, classifiers)


def _vetoed(lexical, judgement, language: str, text: str) -> bool:
    """A medium lexical hit that the classifier reads as the topic, grief or panic, not as risk.

    A loss named in the words the rules watch for ("my brother killed himself in march") gets the
    condolence reply, a past attempt told to ask about eligibility the topic's answer (which names
    the crisis line), and a panic attack without chest pain or breathlessness the grounding one.
    High-severity hits (a plan, a method, timing, an emergency) are never lowered. The classifier
    does not otherwise overrule the rules: letting it call a confident "ordinary" cost recall on
    the public risk sets (SimpleSafetyTests 20/20 -> 18/20).
    """
    if language == SPANISH or lexical.severity == "high":
        return False
    if judgement.level == "mention" and judgement.p_risk < MENTION_BELOW and _asks(text):
        return True
    return judgement.level == "distress" and judgement.situation in ("grief", "panic")


def _ordinary_story(judgement, text: str) -> bool:
    """A long post the classifier, reading all of it, finds plainly ordinary."""
    return (
        judgement.level in ("none", "mention")
        and judgement.p_risk < ORDINARY_BELOW
        and is_long(text)
    )


def _symptom_history(lexical, judgement, text: str) -> bool:
    """A medical-emergency hit on a symptom told as a pattern or history, never in the present,
    that the classifier reads with little risk: as ordinary, the topic, or the distress that
    anxiety is ("used to think i was having a heart attack every time")."""
    if lexical.category is not RiskCategory.MEDICAL_EMERGENCY:
        return False
    plain = text[:MAX_SCAN_CHARS].lower().replace("’", "'")
    if judgement.level == "risk" or judgement.p_risk >= MENTION_BELOW:
        # ... unless it is fainting at needles and the classifier reads no other danger than that
        if (judgement.level == "risk" and judgement.situation != "medical") or not _NEEDLE_STORY.search(plain):
            return False
    return bool(_SYMPTOM_HISTORY.search(plain)) and not _SYMPTOM_NOW.search(plain)


def _asks(text: str) -> bool:
    """The message asks something: the topic is a question ("does that rule me out?"), while a
    statement about self-harm may be the visitor's own present."""
    return "?" in text[:MAX_SCAN_CHARS]


def _ambiguous(lexical) -> bool:
    """Every piece of lexical evidence is a phrase that is often innocent; none is high severity."""
    return lexical.severity != "high" and bool(lexical.evidence) and all(
        _AMBIGUOUS_EVIDENCE.search(piece) for piece in lexical.evidence
    )


_PLAIN = re.compile(r"[^a-z0-9]+")


def _literal(lexical, text: str) -> bool:
    """The rules' evidence is in the text as written, so the classifier read the same words.

    Not so for "k i l l myself", "k1ll" or emoji: the encoder sees noise there, and only the rules
    read through it, so the classifier's opinion must not lower their finding.
    """
    plain = " " + _PLAIN.sub(" ", text[:MAX_SCAN_CHARS].lower().replace("'", "").replace("’", "")) + " "
    return all(f" {_PLAIN.sub(' ', piece).strip()} " in plain for piece in lexical.evidence)
