"""Safety-critical risk detector for visitor messages (plain stdlib, no Rasa import).

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

How it works
1. `normalise()` makes the text matchable: at most MAX_SCAN_CHARS are read (the head and the tail
   of a longer text); NFKC, accents stripped, lower case, look-alike letters and risk emoji mapped
   to words, leetspeak inside words ("k1ll"), censored words ("k*ll"), letters spelled out with
   spaces or dots ("k i l l", "k.m.s"), apostrophes dropped ("don't" -> "dont"), all other
   punctuation to spaces except sentence ends ("." and "?"), which bound every pattern. A Rasa
   payload such as `/book_consult{"name": "i want to die"}` is therefore read as plain words.
2. Repeated letters are squeezed for matching only ("diiiie" -> "die", "kill" -> "kil"), and every
   pattern is squeezed the same way when it is compiled, so patterns are written in normal
   spelling yet tolerate any repetition or a missing double letter ("kil myself"). Evidence is
   mapped back to spans of the normalised (unsqueezed) text.
3. Speed: each rule names the trigger words it cannot match without (`_TRIGGERS`, one cached
   regex call per new word). Only rules whose trigger words occur run, and only on the sentence
   around each occurrence, keeping p99 under 1 ms per message (bench/risk_detector_bench.py).
4. Masks blank out narrow idioms ("dying to know", "my anxiety is killing me", "cut myself
   shaving", "in minecraft") and mark topic talk as MENTION ("does ketamine help suicidal
   thoughts", "people who self-harm", "what is suicide") before the rules run. A mask covers only
   its own words, so "my anxiety is killing me and i want to die" is still RISK.
5. A negatable rule directly preceded by a negation ("I'm not going to kill myself") gives
   MENTION; a negated medical or violence rule ("no chest pain") gives nothing. The level is the
   highest found; the category is the most severe, then the most specific (overdose, suicide,
   violence, medical); severity is "high" for plans, methods, imminence and emergencies.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

__all__ = ["MAX_SCAN_CHARS", "RiskAssessment", "RiskCategory", "RiskLevel", "assess", "normalise"]


class RiskCategory(str, Enum):
    SUICIDE_SELF_HARM = "suicide_self_harm"
    OVERDOSE = "overdose_poisoning"
    MEDICAL_EMERGENCY = "medical_emergency"
    VIOLENCE_ABUSE = "violence_abuse"


class RiskLevel(str, Enum):
    NONE = "none"
    MENTION = "mention"
    RISK = "risk"


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    category: RiskCategory | None = None
    evidence: tuple[str, ...] = ()
    severity: str | None = None  # "high" (plan, method, imminent, emergency) or "medium"; None unless RISK

    @property
    def is_risk(self) -> bool:
        return self.level is RiskLevel.RISK


_NONE = RiskAssessment(RiskLevel.NONE)

# --------------------------------------------------------------------------------------------
# 1. Normalisation
# --------------------------------------------------------------------------------------------

# Long input: scan the first 4,000 and the last 1,000 characters. People often put the crisis at
# the end of a long message, and a bounded scan keeps the time per message bounded.
MAX_SCAN_CHARS = 5000
_HEAD_CHARS = 4000
_TAIL_CHARS = MAX_SCAN_CHARS - _HEAD_CHARS

# Emoji become the word they stand for, so "i want to 🪢" reads "i want to rope" and "taking all
# my 💊" reads "taking all my pills". 💀 becomes "skull", not "dead": it mostly means "I'm dead
# (laughing)"; rules use "skull" only after wish/intent words ("wanna 💀").
_CHAR_MAP: dict[int, str] = {
    ord(c): f" {w} "
    for c, w in {
        "\U0001F480": "skull", "\u2620": "skull", "\u26B0": "coffin", "\U0001FAA6": "coffin",
        "\U0001F52A": "knife", "\U0001F5E1": "knife", "\U0001FA93": "knife", "\U0001FA92": "razor",
        "\U0001FAA2": "rope", "\U0001F48A": "pills", "\U0001F489": "needle", "\U0001F52B": "gun",
        "\U0001FA78": "blood", "\U0001F309": "bridge", "\U0001F682": "train", "\U0001F686": "train",
        "\U0001F684": "train", "\U0001F685": "train", "\U0001F687": "train", "\U0001F3E2": "building",
        "\U0001F3D9": "building", "\U0001F691": "ambulance", "\U0001F6A8": "emergency",
    }.items()
}
# Look-alike letters from other scripts (after casefold) and a few ligatures.
_CHAR_MAP.update({ord(k): v for k, v in {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "ԁ": "d", "ӏ": "l", "ı": "i",
    "ɩ": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ο": "o", "ι": "i", "α": "a", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "ε": "e",
}.items()})
# Apostrophes vanish ("don't" -> "dont", "i'm" -> "im"); invisible characters vanish.
_CHAR_MAP.update({ord(c): "" for c in "'`´‘’ʼ′\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\ufe0e\ufe0f\u180e"})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

# Leetspeak is decoded only inside a word that mixes letters with 0 1 3 4 5 7 @ $ ! |, and never
# in number-plus-unit tokens ("50mg", "3pm", "2nd"), so prices and doses stay intact.
_LEET_CHARS = "0134579@$!|"
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|")
_UNIT_TOKEN = re.compile(
    r"\d+(?:mg|mcg|ug|g|kg|lbs?|ml|l|cc|iu|st|nd|rd|th|am|pm|x|k|m|h|hrs?|mins?|s|secs?|d|days?|wks?|w|"
    r"yo|yrs?|y|kms?|mi|ft|cm|mm|in|oz|pcs?|ish)?"
)
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"})

# Censored words ("k*ll", "s*icide") are restored when exactly one risk word fits.
_CENSOR_TOKEN = re.compile(r"[a-z]+(?:\*+[a-z]+)+")
_CENSOR_WORDS = (
    "kill", "kills", "killed", "killing", "die", "died", "dying", "dead", "death", "suicide",
    "suicidal", "myself", "self", "harm", "cut", "cutting", "overdose", "hang", "nooze", "rape",
    "raped", "abuse", "abused", "murder", "shoot", "unalive", "wrist", "wrists", "pills", "bleed",
)

# Letters spelled out one by one ("k i l l", "d.i.e", "k-m-s") are joined. A leading or trailing
# "i" is kept apart ("i k m s" -> "i kms", "p.s. i want" -> "ps i want").
_SPACED_HINT = re.compile(r"[ .\-_~/*+][a-z][ .\-_~/*+]{1,3}[a-z](?![a-z0-9])")
_SPACED_START = re.compile(r"[a-z][ .\-_~/*+]{1,3}[a-z](?![a-z0-9])")
_SPACED = re.compile(r"[a-z](?<![a-z0-9][a-z])(?:[ .\-_~/*+]{1,3}[a-z]){2,}(?![a-z0-9])")

# Sentence ends become "." and question marks "?", everything else that is not a letter, digit
# or space becomes a space.
_ASCII_TABLE = bytes(
    (c if (97 <= c <= 122 or 48 <= c <= 57 or c in (32, 46, 63)) else (46 if c in b"!;\n\r" else 32))
    for c in range(128)
).ljust(256, b" ")

_CAN_NOT = re.compile(r"\bcan not\b")
_DOT_IN_WORDS = re.compile(r"\.(?<=[a-z]\.)\.*(?=[a-z])")
_PAIRS = [(c + c, c) for c in "abcdefghijklmnopqrstuvwxyz"]
_RUN = re.compile("|".join(f"{c}{c}+" for c in "abcdefghijklmnopqrstuvwxyz"))


def _decode_leet(s: str) -> str:
    """Decode leetspeak inside words ("k1ll" -> "kill"); found with str.find, which is fast."""
    starts: set[int] = set()
    n = len(s)
    for ch in _LEET_CHARS:
        i = s.find(ch)
        while i >= 0:
            if (i > 0 and "a" <= s[i - 1] <= "z") or (i + 1 < n and "a" <= s[i + 1] <= "z" and ch != "!"):
                a = i
                while a > 0 and s[a - 1] in _TOKEN_CHARS:
                    a -= 1
                starts.add(a)
            i = s.find(ch, i + 1)
    if not starts:
        return s
    out, last = [], 0
    for a in sorted(starts):
        if a < last:
            continue
        b = a
        while b < n and s[b] in _TOKEN_CHARS:
            b += 1
        out.append(s[last:a])
        out.append(_leet_token(s[a:b]))
        last = b
    out.append(s[last:])
    return "".join(out)


def _leet_token(tok: str) -> str:
    if _UNIT_TOKEN.fullmatch(tok) or not any("a" <= ch <= "z" for ch in tok):
        return tok
    core = tok.strip("!")
    if not core:
        return tok
    start = tok.index(core)
    return tok[:start] + core.translate(_LEET_TABLE) + tok[start + len(core):]


def _censor_sub(m: re.Match) -> str:
    tok = m.group()
    fits = [w for w in _CENSOR_WORDS if len(w) == len(tok) and all(a == "*" or a == b for a, b in zip(tok, w, strict=True))]
    return fits[0] if len(fits) == 1 else tok.replace("*", "")


def _spaced_sub(m: re.Match) -> str:
    letters = "".join(ch for ch in m.group() if "a" <= ch <= "z")
    if len(letters) >= 4 and letters[0] == "i":
        letters = "i " + letters[1:]
    elif len(letters) >= 3 and letters[-1] == "i":
        letters = letters[:-1] + " i"
    return f" {letters} "


def normalise(text: str) -> str:
    """The text the detector reads (before repeated letters are squeezed); evidence is quoted from it."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_SCAN_CHARS:
        text = f"{text[:_HEAD_CHARS]} . {text[-_TAIL_CHARS:]}"
    if text.isascii():
        s = text.lower().replace("'", "").replace("`", "")
    else:
        s = unicodedata.normalize("NFKC", text).casefold().translate(_CHAR_MAP)
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
        s = _NON_ASCII.sub(" ", s)
    if any(ch in s for ch in _LEET_CHARS):
        s = _decode_leet(s)
    if "*" in s:
        s = _CENSOR_TOKEN.sub(_censor_sub, s)
    if _SPACED_HINT.search(s) or _SPACED_START.match(s):
        s = _SPACED.sub(_spaced_sub, s)
    s = s.encode("ascii", "ignore").translate(_ASCII_TABLE).decode("ascii")
    if "." in s:
        s = _DOT_IN_WORDS.sub(" ", s)  # "i.want.to.die" -> "i want to die"; "2.5" stays
    s = " ".join(s.split())
    if "can not" in s:
        s = _CAN_NOT.sub("cannot", s)
    return s


def _squeeze(s: str) -> str:
    # "noose" and "nose" would squeeze to the same word; "nooze" keeps them apart (same length, so
    # evidence offsets still map back).
    if "noose" in s:
        s = s.replace("noose", "nooze")
    for pair, single in _PAIRS:
        if pair in s:
            s = s.replace(pair, single)
            while pair in s:
                s = s.replace(pair, single)
    return s


class _SpanMap:
    """Maps offsets in the squeezed text back to the normalised text."""

    def __init__(self, norm: str) -> None:
        self.starts: list[int] = []
        self.removed: list[int] = []
        removed = 0
        for m in _RUN.finditer(norm):
            self.starts.append(m.start() - removed)
            removed += m.end() - m.start() - 1
            self.removed.append(removed)

    def __call__(self, j: int) -> int:
        k = bisect.bisect_left(self.starts, j)
        return j + (self.removed[k - 1] if k else 0)


# --------------------------------------------------------------------------------------------
# 2. Pattern language: macros, then the same squeeze as the text
# --------------------------------------------------------------------------------------------

_M: dict[str, str] = {}
_M["ME"] = r"(?:my ?self|my ?slef|my ?sefl|myslf|my ?sef|my ?sel\b|meself|me ?self|mself|myelf|myselve)"
_M["YOURSELF"] = r"(?:your ?self|your ?selves|ur ?self|ur ?selves|yo ?self|one ?self|one s self)"
_M["SELF3"] = r"(?:him ?self|her ?self|them ?selves|them ?self|themselfs|his ?self)"
_M["ANYSELF"] = r"(?:<ME>|<YOURSELF>|<SELF3>)"
# Fillers that may sit between the parts of a phrase ("i just really want to die").
_M["ADV"] = (
    r"(?:(?:just|really|rly|honestly|actually|seriously|literally|so|kinda|kind of|sort of|truly|genuinely|"
    r"still|sometimes|often|always|now|badly|even|lowkey|low key|fucking|fuckin|fking|freaking|"
    r"definitely|totally|simply|almost|probably|prob|already|also|too|again|tbh|ngl|like|um|uh|"
    r"finally|maybe|perhaps|quietly|peacefully|soon|fully|completely|permanently|secretly|"
    r"constantly|seriously|desperately|truly|want to|try to|go and|go|gonna|going to|be able to|"
    r"at least|ever|once|all|more|very|pretty|quite|super|extremely|increasingly|feel like|"
    r"think|think i|kind of|a little|a bit|rather|better|almost|nearly|basically|fr|omg|pls|please)\s+){0,3}"
)
_M["INTENT"] = (
    r"(?:want(?:s|ed|ing)?(?: to)?|wanna|wana|wnt to|want 2|wish(?:ed|ing)? (?:i (?:could|would|was able to|can)|to)|"
    r"would (?:like|love) to|d (?:like|love) to|need(?:s|ed)? to|ready to|ready 2|going to|going 2|gonna|gon|"
    r"bout to|about to|plan(?:s|ed|ing)? (?:to|on)|intend(?:s|ed|ing)? to|decided to|try(?:ing)? to|tried to|"
    r"will|would|should|might|may|could|can|shall|must|has to|have to|gotta|got to|deserve to|"
    r"think(?:ing)? (?:about|of)|thought (?:about|of)|consider(?:ing|ed)?|contemplat(?:e|ing|ed)|"
    r"feel(?:ing)? like|felt like|tempted to|urges? to|prepar(?:ing|ed) to|time to|let me|lemme|"
    r"might as well|may as well|ought to|id|ill|i d|i ll|dare to)"
)
_M["SUIC"] = r"(?:s(?:ui|iu|u|ue|ua|uy|oo)(?:c|s|sc|z)(?:i|u|y)?d\w*|sewer ?slide\w*)"
_M["SELFHARM"] = r"(?:(?:self|slef|sef) ?(?:harm\w*|harn\w*|injur\w*|mutilat\w*))"
_M["PILLS"] = (
    r"(?:pills?|tablets?|tabs|caps|capsules?|meds|medications?|medicines?|drugs|sleeping pills|"
    r"sleep(?:ing)? aids?|pain ?killers?|prescriptions?|anti ?depressants?|benzos?|opioids?|opiates|"
    r"xanax|valium|klonopin|ativan|lorazepam|diazepam|alprazolam|clonazepam|ambien|zolpidem|seroquel|"
    r"quetiapine|lithium|tylenol|paracetamol|acetaminophen|panadol|advil|ibuprofen|aspirin|motrin|aleve|"
    r"naproxen|oxy\w*|percocets?|vicodin|hydrocodone|codeine|tramadol|morphine|fentanyl|heroin|methadone|"
    r"insulin|metformin|lamotrigine|lamictal|gabapentin|lyrica|pregabalin|sertraline|zoloft|prozac|"
    r"fluoxetine|lexapro|escitalopram|citalopram|celexa|paxil|paroxetine|wellbutrin|bupropion|effexor|"
    r"venlafaxine|cymbalta|duloxetine|trazodone|mirtazapine|remeron|amitriptyline|nortriptyline|adderall|"
    r"ritalin|benadryl|diphenhydramine|melatonin|nyquil|sleepers|blood thinners?|warfarin|digoxin|"
    r"propranolol|beta blockers?|ketamine|esketamine|spravato|edibles|gummies|iron pills|vicodins|"
    r"painkillers|pain meds|sleeping tablets|antipsychotics?|stimulants?|barbiturates?|meth|cocaine|coke|mdma)"
)
_M["POISONS"] = (
    r"(?:bleach|anti ?freeze|rat poison|poison|pesticides?|insecticides?|weed ?killer|herbicides?|"
    r"detergent|laundry pods?|tide pods?|dishwasher pods?|drain cleaner|oven cleaner|toilet cleaner|lye|"
    r"ammonia|cleaning (?:products?|fluid|liquid|supplies|solution|chemicals)|windshield (?:washer )?fluid|"
    r"methanol|lighter fluid|gasoline|petrol|kerosene|paint thinner|nail polish remover|acetone|"
    r"hand sanitizer|batter(?:y|ies)|button batter(?:y|ies)|magnets|mercury|cyanide|arsenic|strychnine|"
    r"sodium nitrite|nitrite|rubbing alcohol|isopropyl|hydrogen peroxide|chlorine|wild mushrooms|"
    r"poisonous \w+|toxic \w+|chemicals)"
)
# Quantities that make taking pills an overdose.
_M["NUM"] = (
    r"(?:[5-9]|[1-9]\d+|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"(?:a |one )?hundreds?|\d+ or \d+|a dozen|dozens of)"
    r"(?! ?(?:mg|mcg|ug|ml|milligrams?|micrograms?|units?|iu|g|grams?|mgs|percent|minutes?|mins|hours?|hrs|"
    r"days?|weeks?|years?|dollars|pounds|lbs|kg|times|am|pm|oclock)\b)"
)
_M["QUANT"] = (
    r"(?:all(?: of)?(?: the| my| of my| these| those| her| his)?|every(?: single)?(?: one of)?(?: my| the)?|"
    r"(?:the|a|my|her|his) (?:whole|entire|full)|whole|entire|full|the rest of(?: my| the)?|"
    r"(?:a )?handfuls? of|a lot of|lots of|a ton of|tons of|a bunch of|bunch of|so many|(?:way )?too many|"
    r"(?:way )?too much|as many|enough|double|triple|twice|(?:a|an|one|two|three|the|my) (?:whole |entire |full )?"
    r"(?:bottles?|box|boxes|packs?|packets?|strips?|blisters?|jars?|containers?) of|<NUM>(?: of)?)"
)
_M["PERSON"] = (
    r"(?:he|she|they|him|her|them|he s|hes|she s|shes|theyre|they re|theyll|they ll|hell|he ll|shell|she ll|"
    r"hed|he d|shed|she d|theyd|they d|my (?:\w+ )?(?:partner|husband|hubby|wife|boyfriend|girlfriend|bf|gf|"
    r"fiance|fiancee|ex|ex husband|ex wife|ex boyfriend|ex girlfriend|spouse|dad|daddy|father|mom|mommy|"
    r"mum|mother|stepdad|stepfather|step dad|step father|stepmom|stepmother|step mom|step mother|brother|"
    r"sister|son|daughter|uncle|aunt|cousin|grandpa|grandfather|grandma|grandmother|roommate|flatmate|"
    r"housemate|landlord|landlady|boss|manager|coworker|co worker|colleague|neighbor|neighbour|parents?|"
    r"family|caregiver|carer|guardian|teacher|coach|pastor|priest|in laws?|father in law|mother in law|"
    r"man|lover|date|abuser|pimp|baby daddy|baby mama)|someone|somebody|some guy|a guy|a man|a woman|"
    r"this guy|this man|this woman|a stranger|strangers|people|a gang|the gang|cops?|police)"
)
_M["SUBJ3"] = (
    r"(?:he|she|they|my (?:\w+ )?(?:friend|bestie|bff|best friend|partner|husband|wife|boyfriend|girlfriend|bf|gf|"
    r"brother|sister|son|daughter|kid|child|teen|teenager|mom|mum|mother|dad|father|cousin|roommate|"
    r"flatmate|classmate|coworker|colleague|fiance|fiancee|ex|uncle|aunt|niece|nephew|grandson|"
    r"granddaughter|student|patient|client|neighbor|neighbour|spouse)|our (?:\w+ )?(?:son|daughter|kid|"
    r"child|friend)|(?:a |one of my |my )?(?:friend|friends) of mine|(?:someone|somebody|a friend|a person|"
    r"a family member|a loved one|my loved one) (?:i know|i love|close to me|in my family|at work|at school))"
)
_M["SUIC_ADJ"] = r"(?:s(?:ui|iu|u|ue|ua|uy|o)(?:c|s|sc|z)(?:i|u|y)?d(?:al|le|el|ial)\b|suicidal)"
_M["OD_NOT"] = (
    r"(?! on (?:\w+ )?(?:coffee|caffeine|sugar|chocolate|netflix|tv|anime|content|memes|candy|carbs|food|"
    r"cake|cookies|pizza|sweets|coffe|cofe|tea|energy drinks|vitamin c|sleep|love|kindness|information|news|"
    r"music|work|studying))"
)
_M["EOC"] = r"(?=\s*(?:[.?]|$))"  # end of clause


def _expand(src: str) -> str:
    for _ in range(5):
        new = re.sub(r"<([A-Z0-9_]+)>", lambda m: _M[m.group(1)], src)
        if new == src:
            return new
        src = new
    raise ValueError("macro recursion")


def _squeeze_pattern(src: str) -> str:
    """Drop doubled literal lower-case letters from a regex source (escapes are kept whole)."""
    out: list[str] = []
    prev = ""
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            out.append(src[i : i + 2])
            i += 2
            prev = ""
            continue
        if "a" <= c <= "z":
            if c == prev:
                i += 1
                continue
            prev = c
        else:
            prev = ""
        out.append(c)
        i += 1
    return "".join(out)


def _p(src: str) -> str:
    return _squeeze_pattern(_expand(src))


_SOURCES: list[str] = []  # squeezed pattern sources, kept for the pattern lint in the tests


def _split_alternatives(body: str) -> list[str]:
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _group_end(src: str, open_at: int) -> int:
    """Index of the parenthesis closing the group that opens at `open_at`."""
    depth, i, in_class = 0, open_at, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(src)


def _optimise(src: str) -> str:
    """Speed up a pattern that starts with \\b and a big alternation, without changing what it matches.

    Python's re tries every alternative at every word boundary. Grouping the alternatives by their
    first letter ("want|wish|gonna" -> "w(?:ant|ish)|g(?:onna)") and checking that letter first with
    a lookahead makes each failed position cheap.
    """
    if not src.startswith("\\b(?:"):
        return src
    end = _group_end(src, 2)
    if end + 1 < len(src) and src[end + 1] in "?*+{":
        return src
    alternatives = _split_alternatives(src[5:end])
    if len(alternatives) < 4:
        return src
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        if not alt or not ("a" <= alt[0] <= "z" or "0" <= alt[0] <= "9") or (len(alt) > 1 and alt[1] in "?*+{"):
            return src  # an alternative that does not start with a plain letter: leave the pattern alone
        groups.setdefault(alt[0], []).append(alt[1:])
    body = "|".join(first + (f"(?:{'|'.join(rest)})" if rest != [""] else "") for first, rest in groups.items())
    return f"\\b(?=[{''.join(groups)}])(?:{body}){src[end + 1:]}"


_UNOPTIMISED: dict[str, str] = {}  # optimised pattern -> its source, for the tests


def _c(src: str) -> re.Pattern:
    squeezed = _p(src)
    _SOURCES.append(squeezed)
    optimised = _optimise(squeezed)
    if optimised != squeezed:
        _UNOPTIMISED[optimised] = squeezed
    return re.compile(optimised)


# --------------------------------------------------------------------------------------------
# 3. Triggers: which stems occur decides which rules run (and where, in a long text)
# --------------------------------------------------------------------------------------------

# Each key is a pattern for ONE word of the squeezed text (tested with fullmatch and cached per
# word). A rule runs only when one of its keys occurs, so keys may be generous but must never miss:
# the unit tests compare every case with and without this gating.
_TRIGGERS: dict[str, str] = {
    # suicide, self-harm
    "kil": r"k[iy]?l\w*|kms|kys|kmn|murder\w*",
    "die": r"die|died|dies|dying|dead|death|deaths|skul|cofin|grave",
    "suic": r"s(?:ui|iu|u|ue|ua|uy|o)(?:c|s|sc|z)(?:i|u|y)?d\w*|sewer\w*|sudoku|sui|suey",
    "self": r"(?:my|me|your|ur|yo|one|him|her|them|his|it|our)?s(?:el|le)(?:f|ves?|fs)\w*|myslf|mysef|mysel|myelf|mself|mysefl",
    "unal": r"un|unaliv\w*",
    "end": r"end\w*",
    "live": r"live|lives|living|life|alive|exist\w*|here|born|around|earth|world|planet",
    "wake": r"wake|waking|woke|wakes|awake",
    "goon": r"go|going|keep|carry|continue|continuing|anymore|try|trying|pass",
    "neg": r"dont|not|never|longer|didnt|doesnt|cant|cannot|wont|no|nor",
    "beter": r"beter|happier|easier|without",
    "burden": r"burden|burdens",
    "reason": r"reason|reasons|point|purpose|use|motivation|wil|desire|wish",
    "cant": r"cant|cannot|cnt|unable|able",
    "tired": r"tired|sick|exhausted|weary",
    "done": r"done|finished|through",
    "give": r"give|giving|given|gave",
    "disap": r"disapear\w*|vanish\w*|evaporate|fade|erased|cease|nothing|forever|away|gone",
    "wish": r"wish\w*|hope|hoped|hoping|pray\w*|longing|yearn\w*|beg|begging|rather|sooner|deserve",
    "want": r"want\w*|wana|ned|neds|needed",
    "stop": r"stop|stops|stoped|stoping|over",
    "sleep": r"slep|asleep|slept|eyes",
    "care": r"care|cares|notice|mis|cry|remember|funeral|nobody|noone|one",
    "worth": (
        r"worth|worthles|pointles|meaningles|hopeles|unbearable|empty|curse|punishment|dark|torture|hel|over|"
        r"burden|much|hard|painful"
    ),
    "plan": (
        r"godbye\w*|farewel|notes?|leters?|afairs|belongings|posesions|plan\w*|bye|away|messages?|videos?|posts?|"
        r"texts?|emails?"
    ),
    "stash": r"stockpil\w*|hoard\w*|stash\w*|saving|saved|save|colect\w*|squirel\w*|acumulat\w*|hiding|enough",
    # overdose and poisoning
    "pill": r"<PILLS1>|dose|doses|dosage|dosed|botle|botles|pack|packet|box|blister|strip|mg|miligrams|grams|units",
    "quant": (
        r"al|whole|entire|ful|rest|handful|handfuls|lot|lots|ton|tons|bunch|many|much|enough|double|triple|twice|"
        r"extra|botle|botles|box|boxes|pack|packs|packet|packets|strip|strips|blister|blisters|jar|jars|container|"
        r"containers|dozen|dozens|hundred|hundreds|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
        r"[5-9]|[1-9]\d+"
    ),
    "take": (
        r"tok|taken|take|taking|takes|swalow\w*|downed|downing|down|poped|poping|pop|ate|eaten|eat|eating|"
        r"consumed|ingest\w*|inject\w*|snort\w*|chug\w*|overdosed|drank|drink|drinking|used|chewed|into|"
        r"sniffed|huffed|inhaled|sipped|mix|mixed|mixing|finished|shot|od"
    ),
    "poison": r"<POISONS1>|poison\w*|alcohol|vodka|whiskey|whisky|liquor|wine|gin|rum|tequila|jack|boze",
    "mix": r"mixed|mixing|combined|combining",
    "od": r"overdos\w*|od|oded|odd|oding|o",
    "lethal": r"lethal|fatal|deadly|toxic|toxicity",
    "much": r"many|much",
    "binge": r"binge\w*|binging",
    "vomit": r"vomit\w*|throw\w*|puke\w*|bring\w*",
    "bones": r"ribs|rib|ribcage|hip|hipbones|bones|colarbones|colar|spine|thigh",
    "skinny": r"skiny|thin|underweight|bony",
    "think": (
        r"thinking|think|thought|thoughts|thinkin|fantasi\w*|dream\w*|obses\w*|ruminat\w*|daydream\w*|imagin\w*|"
        r"plan\w*|consider\w*|contemplat\w*|research\w*|gogl\w*|lok\w*|search\w*"
    ),
    "lifeish": r"life|living|existence|everything|future|al|alive",
    "kid": (
        r"kid|kids|child|children|son|daughter|baby|toddler|friend|brother|sister|mom|mum|dad|mother|father|"
        r"husband|wife|partner|roomate|grandma|grandpa|boyfriend|girlfriend"
    ),
    "adj": (
        r"easiest|easy|easier|quickest|quick|quicker|fastest|fast|best|surest|sure|simplest|simple|most|painles|"
        r"painlesly|least|les|pain|fre|gentlest|gentle|peaceful|quiet|quietest|reliable|efective|eficient|"
        r"guaranteed|certain|clean|cleanest|humane|god|beter|fol|folproof|proof|sucesful|cheapest|cheap|instant|"
        r"acting|proper|right|corect|safest|mesy|surefire|fire"
    ),
    "enough": r"enough",
    "double": r"twice|times|mistake|acident|double|triple|extra|doubled",
    # methods and places
    "hang": r"hang\w*|hung|noze|rope|ropes|ligature|neck",
    "jump": r"jump\w*|leap|leaping",
    "method": (
        r"drown\w*|sufocat\w*|strangl\w*|electrocut\w*|asphyxiat\w*|smother\w*|stab\w*|shot\w*|shot|gas|gasing|"
        r"hang\w*|bled|bleding|slit\w*|gunshot|monoxide|overdos\w*|dying|jumping|cuting"
    ),
    "place": (
        r"bridge|building|rof|roftop|clif|balcony|window|train|bus|car|truck|ledge|overpas|parking|tower|"
        r"highway|freway|motorway|trafic|subway|metro|tracks|railway|railroad|skyscraper|high|rise|highrise|"
        r"river|lake|sea|ocean|dam|waterfal|flor|story|storey|edge|lory|tre|wal|pole|platform|garage|"
        r"height|tal|far|deep|strong"
    ),
    "weapon": (
        r"gun|guns|gunshot|pistol|revolver|rifle|shotgun|barel|knife|knives|blade|blades|razor|razors|brains|"
        r"scisors|lighter|glas|cuter|firearm|bulet|bulets|exit|bag|helium|monoxide|exhaust|charcoal|noze|"
        r"hose|compas|sharpener|blow|belt|cord|cable|scarf|ligature|rope|engine"
    ),
    "cut": (
        r"cut|cuts|cuting|cuter|slit\w*|slic\w*|slash\w*|carv\w*|scar|scars|scaring|wrists?|veins?|"
        r"arter\w*|throat|throats|thighs?|gash\w*|arms?|forearms?|skin|legs?|stomach|bely|hips?|ankles?|"
        r"hack\w*|open\w*|jugular|flesh|body"
    ),
    "harm": (
        r"harm\w*|hurt\w*|injur\w*|burn\w*|starv\w*|purg\w*|mutilat\w*|punish\w*|scratch\w*|bruis\w*|"
        r"relaps\w*|sh|blod\w*|bite|biting|clean|sober|fre|hide|hiding|hid|marks|welts|physical"
    ),
    "ed": (
        r"starv\w*|purg\w*|calories|cals|kcal|thinspo\w*|meanspo|bonespo|pro|proana|promia|ana|mia|"
        r"laxatives?|throw|throwing|threw|vomit\w*|puke|puking|eating|eat|eaten|ate|fod|meals?|binge\w*|"
        r"binging|restrict\w*|sick|gag|anorexi\w*|bulimi\w*|ribs|ribcage|rib|hip|hipbones|bones|colarbones|"
        r"spine|skiny|thin|underweight|bony|thigh|ed"
    ),
    # violence and abuse
    "abuse": (
        r"hit|hits|hiting|beat|beats|beating|beaten|punch\w*|kick\w*|slap\w*|chok\w*|strangl\w*|hurt\w*|"
        r"abus\w*|rape\w*|raping|asault\w*|molest\w*|atack\w*|threat\w*|stalk\w*|shov\w*|push\w*|"
        r"burn\w*|grab\w*|bruis\w*|forc\w*|touch\w*|drug\w*|tied|ties|lock\w*|trap\w*|smack\w*|throw\w*|"
        r"threw|spit|spat|spits|bites|pined|pins|strike\w*|struck|whip\w*|belt\w*|bater\w*|teror\w*|"
        r"tortur\w*|kil\w*|murder\w*|shot\w*|stab\w*|poison\w*|drown\w*|smother\w*|harm\w*|cut|dragged|"
        r"drags|isolates|controls|punish\w*|kidnap\w*|run|ran"
    ),
    "fear": r"safe|unsafe|safety|scared|afraid|terified|frightened|fear\w*",
    "violent": r"abusive|violent|violence|domestic|dangerous|controling",
    "victim": (
        r"abused|hit|beaten|beat|raped|asaulted|molested|atacked|stabed|shot|strangled|choked|threatened|"
        r"stalked|traficked|kidnaped|hostage|captive|muged|jumped|gromed|drugged|punched|kicked|slaped|"
        r"roofied|spiked|hurt|touched"
    ),
    "follow": (
        r"folow\w*|stalk\w*|watching|outside|break\w*|broke|intruder|burglar|held|holding|kidnap\w*|"
        r"trafick\w*|hostage|captive|prisoner|leave|locked|lock|pointing|pointed|gun|knife|came|banging|threaten\w*"
    ),
    # medical emergencies
    "chest": r"chest",
    "breath": r"breath\w*|air",
    "chok": r"chok\w*",
    "attack": r"atack|arest|stroke|seizure|seizures|fit|anaphyla\w*|alergic|reaction|coma|shock|heatstroke|syndrome|episode|asthma",
    "panic": r"panic",
    "seize": r"seizing|convulsing|fiting|shaking|twitching|foaming",
    "faint": r"colaps\w*|fainted|faint|pased|pasing|pass|blacked|limp|keeled|lost|consciousnes|hit",
    "uncon": r"unconscious|unresponsive|lifeles|conscious|consciousnes",
    "pulse": r"responding|pulse|heartbeat|heart",
    "blue": r"blue|purple|grey|gray|lips",
    "bleed": r"bled\w*|bleding|blod",
    "swell": r"swel\w*|swolen|closing|tight|blowing",
    "stroke": r"droping|dropy|lopsided|slured|sluring|numb\w*|headache",
    "amb": r"ambulance|911|999|112|000|paramedics?|emergency|doctor",
    "dying": r"dying",
    "accident": r"hit|acident|crash|stairs|neck|injury|electrocuted|burns|fire",
    # method-seeking questions
    "way": (
        r"way|ways|method|methods|means|option|options|technique|techniques|place|places|spot|spots|location|"
        r"route|exit|drug|drugs|pils|pil|poison|dose|bridge|building|height|city|country|state|clif|how|tips|"
        r"instructions|guide|steps|tutorial|advice"
    ),
    "slang": r"comit\w*|sudoku|toaster|delete\w*|yet\w*|ctb|rope|neck|sewer\w*|sepuku|harakiri|hara|kiri|hero",
}
# one word of each pill name, leaving out generic words ("sleeping", "pain", "blood", "anti")
_M["PILLS1"] = "|".join(
    w for w in _M["PILLS"][3:-1].replace(" ?", "|").replace(" ", "|").split("|")
    if w not in {"sleeping", "sleep(?:ing)?", "aids?", "pain", "blood", "beta", "iron", "anti", "sleepers"}
)
_M["POISONS1"] = r"bleach|antifreze|anti|freze|rat|poison|pesticides?|insecticides?|wedkiler|weed|kil|herbicides?|detergent|laundry|pods?|tide|dishwasher|drain|oven|toilet|cleaner|lye|amonia|cleaning|windshield|methanol|lighter|fluid|gasoline|petrol|kerosene|paint|thiner|nail|polish|acetone|sanitizer|bateries|batery|button|magnets|mercury|cyanide|arsenic|strychnine|sodium|nitrite|rubing|isopropyl|hydrogen|peroxide|chlorine|mushrooms|poisonous|toxic|chemicals"
# One regex call tells which keys a word belongs to (each key is an optional lookahead group).
_KEY_PROBE = re.compile("".join(f"(?:(?=(?P<{name}>{_p(src)})$))?" for name, src in _TRIGGERS.items()))
_WORD_RE = re.compile(r"[a-z0-9]+")
_KEY_CACHE: dict[str, frozenset[str]] = {}


def _word_keys(word: str) -> frozenset[str]:
    found = _KEY_CACHE.get(word)
    if found is None:
        groups = _KEY_PROBE.match(word).groupdict()
        found = frozenset(name for name, value in groups.items() if value is not None)
        if len(_KEY_CACHE) > 50_000:
            _KEY_CACHE.clear()
        _KEY_CACHE[word] = found
    return found




# --------------------------------------------------------------------------------------------
# 4. Masks
# --------------------------------------------------------------------------------------------

# Idioms and harmless senses (-> NONE). Each mask covers only its own words.
_IDIOM_MASKS = [
    # "dying to know", "dying for a coffee"
    ("die", r"\bdying (?:to|for)\b(?! (?:die|end|kil|be dead|disappear))"),
    ("die", r"\b(?:die|died|dying|dead)(?: of| from| with)? (?:embarrassment|laughter|laughing|boredom|shame|cringe|"
    r"cuteness|curiosity|jealousy|envy|excitement|suspense|anticipation|happiness|hunger|thirst|old age|lol)\b"),
    ("kil die", r"\b(?:kil\w*|died|dead|dying) (?:me |<ME> )?(?:laughing|from laughter|of laughter|lol|lmao|haha\w*)\b|\bkmsl\b"),
    ("die", r"\b(?:lol|lmao|lmfao|haha\w*|omg) (?:im|i m|i am) dead\b|\bim dead (?:lol|lmao|haha\w*|skull)\b"),
    # "my anxiety is killing me", "the wait is killing me", "my back is killing me"
    ("kil", r"\b(?:anxiety|stress|this|that|it|waiting|the wait|the waiting|work|my job|school|my back|my feet|"
    r"my head|the heat|the suspense|the price|the cost|the commute|traffic|insomnia|the pain|this pain|"
    r"my knee|my neck|my legs|the noise|the anticipation|this cold|this headache|my headache|my migraine|"
    r"depression|the uncertainty|not knowing|these prices|the bills|my period|cramps|my anxiety|these "
    r"side effects|the side effects|nausea|my stomach|my tooth|this weather|the hype|curiosity|"
    r"this heat|the cold|hunger|the traffic|the drive|my commute|these forms|the paperwork)"
    r"(?: is| are| s| has been| have been| keeps| been)?(?: <ADV>)?(?: lowkey| literally)? kil(?:ing|s) me\b"),
    # "kill a process", "kill time", "kill the pain", "kill brain cells", "kill two birds"
    ("kil", r"\bkil\w* (?:a |the |this |that |all |any |every |off |some |my |those |these )?(?:\w+ )?"
    r"(?:process(?:es)?|tasks?|pid|threads?|jobs?|apps?|programs?|servers?|sessions?|commands?|scripts?|"
    r"containers?|terminal|tabs?|windows?|time|germs|bacteria|virus(?:es)?|weeds|bugs|mosquito(?:e?s)?|"
    r"flies|ants|roaches|cockroaches|mice|rats|lice|fleas|mold|mould|pests|spiders?|wasps?|fungus|"
    r"lights|engine|power|vibe|mood|buzz|conversation|pain|headache|two birds|birds|darlings|cells|"
    r"neurons|appetite|it|the game|them all)\b"),
    # "cut myself shaving", "burned myself cooking", "hurt myself at the gym", "burn myself out",
    # "shot myself in the foot", "drown myself in work", "cut myself off", "kill myself at work"
    ("self", r"\b(?:cut|burn|burnt|burned|hurt|injure|injured|bruise|bruised|scratch|scratched|bit|nick|nicked|hit|"
    r"shot|shoot|burning|cutting|hurting|drown|drowning|kil|kiling|wore|wear|push|pushing|pushed|"
    r"exert|exerted|overwork\w*|strain\w*|stretch\w*) <ME> (?:shaving|cooking|by accident|accidentally|"
    r"at (?:the )?(?:gym|work|office|job)|on (?:the|a) (?:stove|oven|pan|glass|knife|door|edge|corner|"
    r"table|can|paper|fence|iron|kettle|grill|nail|thorn|rose|bush|tin|lid|blender|mandoline)|lifting|"
    r"playing|working out|exercising|falling|when i fell|running|gardening|chopping|slicing|in the kitchen|"
    r"with (?:the|a|my) (?:knife|iron|pan|oven|stove|kettle|door|hammer|curling iron|straightener)|"
    r"in the foot|out|off|slack|some slack|a break|studying|working|doing|over (?:work|exams|this project)|"
    r"in (?:work|coffee|books|my work|paperwork|tv|netflix)|with (?:work|studying|exercise|chores))\b"),
    ("self", r"\b(?:accidentally|accidently|by accident) (?:cut|burn\w*|hurt|injur\w*|bit|nick\w*|hit|kil\w*) <ME>\b"),
    ("die", r"\b(?:die|died|dies|dying) (?:down|off|out|hard)\b|\bdie ?hard\b|\bdo or die\b|\bto die for\b|"
    r"\bnever say die\b|\bdie (?:roll|rolls)\b|\bdice\b"),
    ("die", r"\b(?:die|dye|dying|dyeing|died|dyed) (?:my|her|his|your|their|the) (?:hair|clothes|shirt|beard|eyebrows|roots)\b"),
    ("die", r"\b(?:phone|battery|laptop|car|computer|tv|plants?|fish|goldfish|wifi|internet|conversation|chat|"
    r"vibe|party|mood|signal|charger|engine|lightbulb|bulb|flowers|printer|mouse|headphones|app)"
    r"(?: just| has| is| s| have| went| finally)? (?:died|dead|dying)\b"),
    ("die", r"\b(?:drop dead|dead tired|dead serious|dead set|deadlines?|dead ends?|dead beat|dead weight|dead last|"
    r"dead on|dead center|deadly serious|dead of (?:night|winter)|dead giveaway|dead silent|dead quiet|"
    r"dead air|dead zone|dead battery|brain dead|dead skin|dead cells|dead brain cells|deadpan)\b"),
    ("suic", r"\bsuicide (?:squad|doors?|king|runs?|sprints?|drills?|seat|bomb\w*|missions?|shift|pass|lane|cells?|gene)\b"),
    ("die", r"\b(?:bored|scared|scare|worried|worry|freezing|starving|tickled|loved|done|worked|stressed|frightened|"
    r"sick|talked|beat|beaten) (?:me |us |him |her )?to death\b|\bover my dead body\b"),
    ("kil", r"\b(?:kil|murder) for (?:a|an|some|the|good)\b"),
    ("die", r"\b(?:so|too|that) (?:bored|embarrassed|happy|excited|hungry|tired|full|jealous|nervous|thirsty|hot|cold) "
    r"(?:that )?i (?:could|might|would|will|am going to|m going to|gonna|d|am gonna) (?:just |literally )?die\b"),
    ("die", r"\b(?:die|dying|died) for (?:my|you|him|her|them|the|a|an|this|that|it|some|love|our|his|their|ya)\b"),
    ("self", r"\b(?:can|could|will|would|might|is it possible (?:to|that)|do people|does anyone|did anyone|can you|could you"
    r"|can people|could people) (?:i |you |someone |people |anyone |patients |a patient )?(?:accidentally |ever )?"
    r"(?:hurt|injure|harm) (?:<ANYSELF>|oneself)(?: \w+){0,2} (?:during|while|in|on|under|after|with|from)"
    r"(?: the| a| my| an)? (?:infusions?|treatment|sessions?|ketamine|dissociation|trip|it|sedation|iv|drip|"
    r"procedure|dissociative state)\b"),
    ("pulse", r"\bheart (?:has |just )?stopped (?:when|at|for a (?:second|moment|sec)|after (?:seeing|reading)|reading)\b"),
    # games and fiction: "how do i kill myself in minecraft", "kill someone in call of duty"
    ("kil die suic method hang abuse poison jump", r"\b(?:kil\w*|die|dying|died|death|suicide|shoot\w*|stab\w*|hang\w*|murder\w*|execute|poison\w*|jump\w*)"
    r"(?: \w+){0,4} (?:in|on|during|while playing|playing|for|of) (?:a |the |my |this |that |our )?"
    r"(?:game|games|videogames?|video ?games?|minecraft|fortnite|roblox|gta|grand theft auto|call of duty|cod|"
    r"warzone|skyrim|dark souls|elden ring|the sims|sims|zelda|mario|pokemon|overwatch|valorant|league|"
    r"league of legends|apex|apex legends|halo|pubg|among us|terraria|hardcore mode|counter ?strike|cs ?go|"
    r"doom|witcher|red dead|assassins creed|hitman|world of warcraft|wow|dnd|d ?n ?d|dungeons and dragons|"
    r"chess|checkers|movie|film|novel|book|story|fiction|show|series|play|script|fanfic|fan fiction|"
    r"roleplay|rp|tabletop|campaign|comic|manga|anime|poem|screenplay|board game|card game|simulation)\b"),
    ("abuse kil", r"\b(?:beat|beats|beating|crush|destroy|kil|murder|smash|slaughter) (?:him|her|them|me|my \w+) (?:at|in) "
    r"(?:chess|checkers|cards|poker|tennis|golf|a game|the game|games|monopoly|scrabble|trivia|arm wrestling|"
    r"a race|the race|video games|fifa|mario kart|ping pong|pool|darts|sports?|basketball|soccer|football)\b"),
    ("abuse", r"\bbeat me to (?:it|the punch)\b"),
    # kilometres, "kmsl" handled above
    ("kil", r"\b\d+ ?kms?\b"),
    # scared of needles / dentists is anxiety, not danger
    ("fear", r"\b(?:scared|afraid|terrified|frightened) of (?:needles|ivs?|the needle|injections|doctors|dentists|"
    r"hospitals|flying|heights|spiders|crowds|public speaking|the infusion|ketamine|side effects|dying)\b"),
    # anxious questions about the treatment itself: "what if i die during the infusion",
    # "will i wake up from the anaesthesia", "what if I have a medical emergency during it"
    ("die wake breath faint attack panic amb", r"\b(?:die|dying|died|wake up|wake|not wake up|stop breathing|pass out|faint|have a seizure|"
    r"have a heart attack|have a panic attack|have an allergic reaction|have a medical emergency|"
    r"have an emergency)(?: \w+)?(?: from| during| because of| of| in| after| under| with| on)"
    r"(?: the| a| an| my| this| your)? (?:ketamine|infusions?|treatment|anesthesia|anaesthesia|sedation|"
    r"procedures?|surgery|side effects?|esketamine|spravato|the drug|drugs?|medications?|meds|sessions?|"
    r"clinic|iv|dissociation|trip)\b"),
    ("amb", r"\b(?:what if|in case|if|suppose|when) (?:i|you|someone|somebody|there|a patient|he|she) "
    r"(?:have|has|had|is|was|get|gets|got|needs?) (?:a|an) (?:medical )?emergency\b"),
]
_IDIOM_RE = [(frozenset(keys.split()), _c(src)) for keys, src in _IDIOM_MASKS]

# Topic talk (-> MENTION). These are questions about the treatment, about people in general, or
# definitions; none of them says the visitor is in danger. The gaps may not contain a first-person
# pronoun, so "can ketamine help me i want to kill myself" is not masked.
_NOT_I = r"(?:(?!(?:i|im|ive|id|ill|i m|i d|my|myself|me and)\b)\w+ )"
_TOPIC = (
    r"(?:(?:thoughts?|feelings?|ideas?|risk|history) (?:of|about) )?(?:<SUIC>|<SELFHARM>|kil\w* (?:<SELF3>|"
    r"<YOURSELF>|oneself)|wanting to die|want to die|the wish to die|death wish|ending (?:their|your|his|"
    r"her|one s|ones) (?:own )?li(?:fe|ves)|taking (?:their|your|one s|ones) (?:own )?li(?:fe|ves)|"
    r"overdos\w*|cutting|eating disorders?|anorexia|bulimia|dark thoughts|intrusive thoughts)"
    r"(?: (?:thoughts?|ideation|ideations|feelings?|urges?|tendencies|behaviou?rs?|patients?|people|"
    r"depression|risk|attempts?|prevention|crisis|crises|survivors?))?"
)
_TREAT = (
    r"(?:ketamine|esketamine|spravato|it|this|that|the treatment|this treatment|treatment|therapy|infusions?|iv|"
    r"medications?|meds|antidepressants?|ssris?|drugs?|you|your clinic|the clinic|this clinic|you guys|doctors|"
    r"clinicians|psychiatrists|therapists|people|patients?|anyone|someone|somebody|a person)"
)
_MENTION_MASKS = [
    # does ketamine help with suicidal thoughts / is it used for people who self-harm / can it make
    # you suicidal / ketamine for suicidal depression
    r"\b(?:does|do|can|could|will|would|is|are|might|may|has|have|should|was)\b (?:<NOT_I>){0,3}?<TREAT> "
    r"(?:<NOT_I>){0,3}?(?:help\w*|treat\w*|reduce\w*|work\w*|used|use|effective|good|safe|cause\w*|make|makes|increase\w*|"
    r"trigger\w*|worsen\w*|affect\w*|approved|recommended|ok|okay|suitable|offered|available|given|lower\w*|"
    r"decrease\w*|improve\w*|prevent\w*|stop\w*|lead to|link\w*|associated|studied|tested|effect\w*|"
    r"work on|benefit\w*|act\w*|relieve\w*|ease\w*|indicated|prescribed|option|an option|right)\b "
    r"(?:<NOT_I>){0,6}?<TOPIC>\b",
    r"\b(?:ketamine|esketamine|spravato|infusions?|the treatment|this treatment|treatment|therapy|it)"
    r"(?: infusions?| therapy| treatment)? (?:for|against|and|in|with|on|to treat|to help|to reduce|helps?|"
    r"treats?|reduces?) (?:<NOT_I>){0,3}?<TOPIC>\b",
    # people, patients, someone in general
    r"\b(?:you|people|someone|somebody|anyone|anybody|patients?|persons?|individuals?|one|ppl|others|those|"
    r"teens|teenagers|adults|kids|children|veterans|men|women|clients?|students|users|folks|many|some|"
    r"a person|a patient|a friend|family members?|loved ones?)\b (?:who |that |which |with a history of )?"
    r"(?:are |is |were |was |have |has |had )?(?:<ADV>)(?:feel|feels|felt|feeling|become|becomes|get|gets|"
    r"getting|experienc\w*|having|has|have|had|with|struggl\w*|suffer\w*|deal\w*|at risk of|at risk for|"
    r"attempted|attempt|attempting|think\w* about|considering|contemplating|who want to|wanting to|"
    r"want to|thinking of|talk\w* about|prone to|affected by|recovering from|survived|surviving|"
    r"engag\w* in|who|are|is)\b (?:<ADV>)<TOPIC>\b",
    # definitions and general facts
    r"\b(?:what|whats|what s|wat|define|definition|meaning|explain|describe|tell me about|what do you mean by|"
    r"whats the meaning of|what is the meaning of|what is the definition of)\b (?:is |are |does |do |the |a |"
    r"an |of |by |word |term |meaning of |definition of |difference between |exactly |counts as |)*"
    r"(?:<SUIC>|<SELFHARM>|unalive|kms|kys|sewer ?slide|overdos\w*|od|suicidal ideation|passive suicidal "
    r"ideation|ideation|a suicide note|a nooze|an overdose|self ?destructive|a death wish|death wish)\b"
    r"(?: mean| means| meaning| stand for| rates?| statistics| prevention| risk)?",
    # helping someone else, prevention and warning signs
    r"\b(?:how to help|how do i help|how can i help|how (?:do|can|should|could) (?:i|we) (?:talk to|support|help|"
    r"spot|recogni[sz]e|tell if)|talk to my \w+ about|how to support|how do i support|how can i support|"
    r"resources for|hotline for|helpline for|training (?:on|in|about)|course on|prevention of|preventing|"
    r"prevent|warning signs of|signs of|risk factors for|statistics on|rates of|survivors of)\b "
    r"(?:<NOT_I>){0,4}?(?:<SUIC>|<SELFHARM>|overdos\w*|kil\w* (?:<SELF3>|oneself|<YOURSELF>)|"
    r"commit\w* suicide|took (?:their|his|her) (?:own )?li(?:fe|ves)|end\w* (?:their|his|her) (?:own )?"
    r"li(?:fe|ves)|eating disorders?)\b",
    # grief: a completed suicide or a death by overdose in the past
    # (a personal loss, "my brother killed himself", is not masked: see _PERSONAL_BEFORE)
    r"\b(?:committed suicide|died by suicide|died of suicide|"
    r"died from suicide|took (?:his|her|their) (?:own )?li(?:fe|ves)|killed (?:<SELF3>)|hanged (?:<SELF3>)|"
    r"hung (?:<SELF3>)|shot (?:<SELF3>)|ended (?:his|her|their) (?:own )?li(?:fe|ves)|died of an overdose|"
    r"died from an overdose|died of a drug overdose|overdosed and died|lost (?:his|her|their) (?:battle|"
    r"fight)|completed suicide|suicided)\b",
    r"\b(?:a |the )?suicide (?:of|by) (?:my|his|her|their|a|the) \w+\b",
    # crisis-line and prevention vocabulary
    r"\b(?:suicide|crisis|self ?harm) (?:prevention|hotline|helpline|line|lifeline|awareness|survivors?|"
    r"loss|bereavement|research|statistics|rates?|risk assessment|screening|training|month|day|week|"
    r"walk|charity|organi[sz]ation|counsel\w*|support group)\b",
]
# A grief mask does not apply to someone close: "my brother killed himself" stays risk.
_PERSONAL_BEFORE = _c(r"\b(?:my|our|i lost my|we lost our) (?:\w+ ){0,3}$")
_GRIEF_MASK = 5  # index in _MENTION_MASKS
_MENTION_KEYS = frozenset("suic self kil die od cut ed end live unal poison lethal".split())
_MASK_KEYS = {5: frozenset("suic self live od die kil".split()), 6: frozenset({"suic"}), 7: frozenset({"suic", "self"})}
_MENTION_RE = [
    (_MASK_KEYS.get(i, _MENTION_KEYS),
     _c(src.replace("<NOT_I>", _NOT_I).replace("<TOPIC>", _TOPIC).replace("<TREAT>", _TREAT)))
    for i, src in enumerate(_MENTION_MASKS)
]

# A negation directly before a negatable match: "i dont (really) want to", "not going to",
# "never", "no chest pain". "cant" is not a negation here: "i cant kill myself because of my
# kids" still carries risk. At most two filler words may sit between.
_NEG_TAIL = _c(
    r"\b(?:dont|do not|doesnt|does not|didnt|did not|never|not|wont|will not|wouldnt|would not|shouldnt|"
    r"should not|isnt|is not|am not|im not|arent|are not|aint|no longer|nor|neither|no intention (?:of|to)|"
    r"no plans? (?:to|of)|no desire to|no urge to|no wish to|no|without|free of|free from|deny|denies|"
    r"denied|ruled out|rule out|promise not to|promised not to|stopped|zero|havent|hasnt|hadnt|"
    r"never ever|not at all|absolutely not|definitely not|no way|dont ever|no history of|never had|"
    r"never been|am no longer|not currently|not actively|none)"
    r" (?:(?:really|ever|even|actually|truly|honestly|necessarily|exactly|seriously|at all|want|wanna|"
    r"want to|plan|plan to|planning to|intend to|mean to|going to|gonna|feel|feeling|feel like|think|"
    r"thinking|thinking about|have|had|having|experienced|experiencing|get|getting|any|current|active|"
    r"currently|been|be|consider|considering|about|of|to|with|a|an|the|suffer from|suffering from|"
    r"ever had|signs of|try to|trying to|ever been|recently|lately|anymore|have any|had any|got any|"
    r"report|reported|reporting|feel any|really have|want to ever|ever want to) ){0,3}$"
)

_HYPOTHETICAL = _c(
    r"\b(?:if|what if|suppose|imagine|supposing|in case|should|would|could|can|will|wil|might|may|does|do|"
    r"happens if|happen if|is it ok to|is it safe to|when) (?:i |you |u |someone |somebody |one |a person |people |"
    r"he |she |they |my \w+ )?(?:<ADV>)$"
)

# Words that make any risk "high": a plan, a method, a time, a place.
_IMMINENT = _c(
    r"\b(?:tonight|right now|rn|today|this (?:morning|evening|afternoon|weekend|week|time)|tomorrow|"
    r"going to|gonna|about to|bout to|ready to|plan\w*|decided|goodbye\w*|farewell|notes?|letters?|"
    r"pills?|tablets|overdos\w*|bridge|rope|nooze|gun|pistol|rifle|shoot|shot|stabbed|hang\w*|jump\w*|razor|"
    r"blades?|knife|wrists?|bleach|poison\w*|train|tracks|ledge|roof|cliff|gas|exhaust|monoxide|"
    r"stockpil\w*|hoard\w*|saving up|saved up|bottle|whole|entire|lethal|fatal|method|methods|"
    r"loaded|weapon|last time|final|for good|once and for all|countdown|this is it|now)\b"
)


# --------------------------------------------------------------------------------------------
# 5. Rules
# --------------------------------------------------------------------------------------------

_S = RiskCategory.SUICIDE_SELF_HARM
_O = RiskCategory.OVERDOSE
_MED = RiskCategory.MEDICAL_EMERGENCY
_V = RiskCategory.VIOLENCE_ABUSE
_HIGH, _MEDIUM = "high", "medium"


class _Rule(NamedTuple):
    category: RiskCategory
    level: RiskLevel
    severity: str
    keys: tuple[tuple[str, ...], ...]  # groups of trigger keys; one key of every group must occur
    regex: re.Pattern
    negatable: bool
    past_context_is_mention: bool  # "when i was a child" turns abuse into MENTION
    topic: bool  # names suicide or self-harm without saying more; a question about others is MENTION


_RULES: list[_Rule] = []


def _rule(category, severity, keys, src, neg=False, level=RiskLevel.RISK, past=False, topic=False):
    groups = tuple(tuple(group.split()) for group in keys.split("&"))
    _RULES.append(_Rule(category, level, severity, groups, _c(src), neg, past, topic))


# ---- Suicide and self-harm: explicit ------------------------------------------------------
# "kill myself" is self-referential whoever types it; only a negation right before it or a mask
# (idiom, game, topic question) changes that. "kms", "kys" and "unalive" are slang that is almost
# always about suicide: we count them as risk. "kys" is aimed at someone else (often the bot), but
# it still puts suicide into the conversation, and a person types it; recall first.
_rule(_S, _MEDIUM, "kil", r"\bk[iy]?l(?:ing|in|ed|s)? ?<ME>", neg=True)
# "kill yourself" / "kys": aimed at someone (often the bot) yet it puts suicide into the
# conversation and is sometimes self-directed ("should i just kys"); we count it as risk.
_rule(_S, _MEDIUM, "kil", r"\b(?:go |just |should |pls |please |u should |you should )?k[iy]?l ?<YOURSELF>\b"
      r"(?! (?:in|on) (?:the |a )?(?:game|minecraft))", neg=True)
_rule(_S, _MEDIUM, "kil", r"\b(?:kms|kys|kmn|kil me now)\b", neg=True)
_rule(_S, _MEDIUM, "unal", r"\bun ?aliv(?:e|ing|ed|es)?\b(?: <ANYSELF>)?", neg=True)
_rule(_S, _MEDIUM, "slang suic self",
      r"\b(?:commit\w* (?:<ADV>)(?:sudoku|sewer ?slide|toaster bath|self ?delete|seppuku|hara ?kiri|die|"
      r"unalive|suey)|(?:take|taking|took) a toaster bath|self ?delet\w*|delete <ME>(?! from)|"
      r"yeet\w* <ME> (?:off|of|out|into|from|in front)|an hero|sewer ?slide\w*|neck <ME>|rope <ME>)\b", neg=True)
# "please kill me", "someone kill me", "i wish someone would kill me"
_rule(_S, _MEDIUM, "kil",
      r"\b(?:please|pls|plz|someone|somebody|just|god|lord|u|you|can someone|can somebody|will someone|"
      r"wish (?:someone|somebody|you|they) would|need someone to|want someone to|could you|can you|"
      r"want (?:you|them|him|her) to) (?:<ADV>)kil me\b(?! (?:with|if|when|for|at|lol|haha\w*|lmao))", neg=True)
# "take my life", "end my life", "end my own life"
_rule(_S, _MEDIUM, "live",
      r"\b(?:end|ending|ended|take|taking|took) (?:my|me) (?:own )?(?:life|existence)\b"
      r"(?! (?:back|away|over|in my|into|to|from|for|and turn|by storm|seriously))", neg=True)
_rule(_S, _MEDIUM, "end",
      r"\bend(?:ing)? (?:it|this|things|everything|my suffering|my misery|my pain|the pain|myself) "
      r"(?:<ADV>)(?:all|forever|for good|once and for all|permanently)\b", neg=True)
_rule(_S, _MEDIUM, "end", r"\b(?:end ?it ?al|end it all)\b", neg=True)
_rule(_S, _MEDIUM, "end",
      r"\b<INTENT> (?:<ADV>)(?:end|ending) (?:it|things|everything|this|my suffering|my misery|my pain|"
      r"my existence|<ME>|the pain|all of this|all this|my story)\b"
      r"(?! (?:with|between|off|early|up|on|conversation|chat|call|session|appointment|booking|meeting|"
      r"relationship|subscription|contract|lease|membership|treatment|series|program|course|process|therapy|"
      r"friendship|marriage|engagement|here|there|now and|and go|and leave|soon and|job))", neg=True)
# "i want to die", "i just wanna die", "ready to die", "i deserve to die", "wanna 💀"
_rule(_S, _MEDIUM, "die", r"\b<INTENT> (?:<ADV>)(?:die|be dead|skull|coffin)\b", neg=True)
_rule(_S, _MEDIUM, "sleep disap",
      r"\b<INTENT> (?:<ADV>)(?:(?:go )?(?:to )?sleep forever|be gone forever)\b", neg=True)
_rule(_S, _MEDIUM, "live wake breath & neg stop",
      r"\b<INTENT> (?:<ADV>)(?:not (?:be )?(?:alive|exist|here anymore|be here anymore)|stop existing|cease to exist|"
      r"cease existing|not wake up|never wake up|not exist anymore|stop living|stop breathing)\b", neg=True)
_rule(_S, _MEDIUM, "die", r"\b(?:want|wanna|wish|ready|time) (?:to )?die\b", neg=True)
# passive wishes: "i wish i was dead", "hope i dont wake up", "wish i had never been born"
_rule(_S, _MEDIUM, "wish",
      r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\w* (?:that )?(?:i|id|im|i d|i m) (?:<ADV>)"
      r"(?:was|were|would be|could be|am|be|had been|were just|was just)? ?(?:<ADV>)(?:dead|gone|not alive|"
      r"not here|never born|nonexistent|not born|in a coffin)\b")
_rule(_S, _MEDIUM, "wish",
      r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\w* (?:that )?(?:i|id|i d) (?:<ADV>)(?:could |would |"
      r"will |do |did |can |just |dont |didnt |wouldnt |wont |never |just )?(?:<ADV>)(?:die|died|disappear|"
      r"vanish|stop existing|not exist|not wake up|never wake up|dont wake up|didnt wake up|wouldnt wake up|"
      r"wont wake up|wake up|get hit by|got hit by|get run over|crash|never existed|wasnt born|was never born|"
      r"had never been born|hadnt been born|never woke up|fall asleep and|get cancer|catch \w+ and die)\b")
_rule(_S, _MEDIUM, "wish live",
      r"\b(?:wish|wished)\w* (?:i|id|i d) (?:was|were|had)? ?(?:never |not )(?:been )?born\b|"
      r"\bwish i (?:wasnt|werent|hadnt been) born\b|\bshould(?:nt| not| never) have been born\b")
_rule(_S, _MEDIUM, "die",
      r"\b(?:(?:would|d|id) (?:<ADV>)(?:rather|sooner) (?:be )?(?:die|dead)|(?:rather|better) (?:be )?dead|"
      r"better off dead)\b")
# "better off without me", "everyone would be better off", "i'm a burden"
_rule(_S, _MEDIUM, "beter",
      r"\bbetter off (?:without me|if i (?:was|were|wasnt|werent|died|disappeared|left|was gone|were gone|"
      r"didnt exist|never existed|wasnt here|wasnt around|werent here|was dead)|with(?:out)? me (?:gone|dead)|"
      r"when im gone|once im gone|dead)\b")
_rule(_S, _MEDIUM, "beter die disap",
      r"\b(?:everyone|everybody|every one|the world|world|my family|my kids|my children|my friends|my partner|"
      r"my wife|my husband|people|they|them|everything|we|my parents|my mom|my dad|family|friends|the kids)"
      r"(?: (?:<ADV>)(?:would|will|d|wil|could)|d) (?:<ADV>)(?:be )?(?:<ADV>)(?:better|happier|fine|ok|okay|easier)"
      r"(?: off)? (?:without me|if i (?:was|were|wasnt|werent|died|disappeared|left|was gone|were gone|just "
      r"died|just disappeared|didnt exist|never existed|wasnt here|wasnt around)|when im gone|once im gone|"
      r"with me gone|without me around)\b")
_rule(_S, _MEDIUM, "beter",
      r"\b(?:everyone|everybody|every one|the world|my family|my kids|people|my friends) (?:<ADV>)(?:would|wil|d)"
      r" (?:<ADV>)be (?:<ADV>)better off\b(?! (?:with|if (?:they|you|we|the|people|there)|using|going|taking|knowing|"
      r"having|getting|in|at|on|doing|seeing|booking|reading|trying|learning|to|because of (?:ketamine|"
      r"therapy|this)|financially|paying))")
_rule(_S, _MEDIUM, "care",
      r"\b(?:no one|noone|nobody|no body|not a single person|not one person) (?:<ADV>)(?:would|will|wil|d|even|"
      r"is going to|gonna) (?:<ADV>)(?:care|notice|mis me|miss me|be sad|cry|come to my funeral|remember me)"
      r"(?: (?:<ADV>)(?:if|when) (?:i|im) (?:<ADV>)(?:died|die|was gone|were gone|disappeared|disappear|killed <ME>|"
      r"was dead|left forever|didnt wake up|wasnt here|wasnt around|gone|dead|never woke up|ended it)|<EOC>)")
_rule(_S, _MEDIUM, "burden",
      r"\b(?:im|i am|i m|feel like|feel|feeling|being|just|such|i was|i have become|ive become|always been|"
      r"only|nothing but|im just|i am just) (?:<ADV>)(?:a |such a |just a |the |nothing but a |one big |a huge |"
      r"a massive |a big )?burden\b(?! of proof)")
# hopelessness: "no reason to live", "nothing to live for", "can't go on"
_rule(_S, _MEDIUM, "reason",
      r"\bno (?:<ADV>)(?:reason|point|purpose|will|desire|motivation|wish) (?:to|in|for) (?:<ADV>)(?:live|living|"
      r"life|go on|going on|keep going|keep living|be alive|being alive|exist|existing|stay alive|staying "
      r"alive|continue|continuing|carry on|carrying on|wake up|waking up|get up|be here|being here|stay|"
      r"staying|trying anymore|try anymore|even trying)\b")
_rule(_S, _MEDIUM, "live", r"\bnothing (?:left )?(?:to|worth) liv(?:e|ing) for\b|\bnothing to live for\b")
_rule(_S, _MEDIUM, "live wake goon breath & neg",
      r"\b(?:dont|do not|doesnt|no longer|never|not|dont really|dont even|didnt|did not)"
      r"(?: (?:think|know if|know whether|know why|know how|see why|see how|feel like|really) i)?"
      r" (?:<ADV>)(?:want|wanna|wish|feel like|feel the need|care|wanting|see the point|see a reason|"
      r"see any reason|have the strength|have the will|have any will|have the energy) (?:to )?(?:<ADV>)"
      r"(?:live|be alive|stay alive|exist|be here anymore|be here any ?more|be here any longer|"
      r"be on this earth|be in this world|be on this planet|wake up|wake up tomorrow|go on|keep going|"
      r"keep living|continue living|carry on|be around|live anymore|do this anymore|do life|go on living|"
      r"try anymore|be me anymore|breathe anymore|be here)\b(?! (?:in|at|with|near|for) )")
_rule(_S, _MEDIUM, "wish",
      r"\b(?:wish|wishing|wished|pray|praying|prayed|hope|hoping|long|longing|yearn|yearning|beg|begging) "
      r"(?:\w+ ){0,2}for (?:my |an early |a quick |my own )?(?:death|end|demise)\b")
_rule(_S, _MEDIUM, "live",
      r"\b(?:dont|do not|no longer|never) (?:<ADV>)(?:want|wanna|wish|like) (?:to )?(?:be )?(?:a )?part of this "
      r"(?:<ADV>)(?:\w+ )?(?:world|life|earth|planet|existence)\b")
_rule(_S, _MEDIUM, "live wake goon",
      r"\bnot (?:sure|certain) (?:if |that |whether |why )?i (?:<ADV>)(?:want|wanna|can|should) (?:to )?"
      r"(?:live|be alive|stay alive|go on|keep going|keep living|exist|be here|wake up)\b")
_rule(_S, _MEDIUM, "care",
      r"\b(?:dont|do not|no longer|doesnt) (?:<ADV>)care (?:if|whether|that) (?:i|im) (?:<ADV>)(?:live|die|dies|"
      r"wake up|dead|alive|make it|survive)\b")
_rule(_S, _MEDIUM, "cant",
      r"\b(?:cant|can not|cannot|cnt|unable to|no longer able to|cant really|just cant|cannot really) "
      r"(?:<ADV>)(?:go on|keep going|carry on|do this anymore|do this any ?more|do this any longer|do it anymore|"
      r"take it anymore|take this anymore|take it any ?more|take much more|take any more|take anymore|"
      r"take it any longer|take the pain|handle (?:it|this|life|anything|the pain) anymore|cope anymore|"
      r"cope any ?more|live like this|keep living|live anymore|live with (?:this|<ME>|it) anymore|"
      r"keep doing this|bear (?:it|this|life) anymore|stand (?:it|this|life|being alive|being me) anymore|"
      r"face (?:another day|tomorrow|life|living)|see a way out|see any way out|see a future|see any future|"
      r"see the point|see any point|live with <ME>|do life|be alive|stay alive|keep fighting|"
      r"fight (?:it|this) anymore|survive this|make it through (?:the night|tonight|today))\b"
      r"(?! (?:vacation|holiday|a |an |the |with|to |my |that |this |for |about|leave|trips?|line|online|"
      r"medication|meds|ketamine|them|him|her|tour|a trip|stage|air|tv|monday|tuesday|wednesday|thursday|friday|"
      r"saturday|sunday|weekends?|weekdays?|that day|time|\d|it until|it til|it till|board|waiting|foot))")
_rule(_S, _MEDIUM, "tired",
      r"\b(?:tired|sick|exhausted|weary) of (?:<ADV>)(?:living|being alive|life|existing|my life|it all|"
      r"everything|being here|waking up|fighting|being me|being myself|this life|breathing|my existence|"
      r"this world|trying to stay alive)\b")
_rule(_S, _MEDIUM, "done",
      r"\b(?:done|finished|through) (?:with )?(?:<ADV>)(?:life|living|everything|it all|this world|this life|"
      r"being alive|existing|this existence|my life|trying|fighting|the world)\b(?! (?:insurance|admin|"
      r"paperwork|form|forms|booking|questions?|survey|screening|application))")
_rule(_S, _MEDIUM, "lifeish & worth",
      r"\b(?:life|my life|living|existence|it all|everything|my existence|being alive|the future|my future|"
      r"this life) (?:is|s|feels|seems|has become|became|will always be|looks|just feels|just seems|"
      r"is just|feels so) (?:<ADV>)(?:pointless|meaningless|not worth (?:it|living)|worthless|over|hopeless|"
      r"unbearable|too (?:much|hard|painful)|empty|a burden|a curse|a punishment|dark|torture|hell|"
      r"not worth it)\b")
_rule(_S, _MEDIUM, "worth",
      r"\b(?:is it|its|it s|is life|is my life|am i|is living|is being alive) (?:<ADV>)worth (?:me |it |my )?(?:<ADV>)"
      r"(?:being alive|living|staying alive|going on|it to (?:live|keep living|stay alive|go on)|the pain|the effort)\b"
      r"(?: (?:<ADV>)(?:anymore|any more))?(?=\s*(?:[.?]|$|anymore|any more|at all|for me))")
_rule(_S, _MEDIUM, "worth", r"\b(?:not|isnt|is not|aint|never) worth (?:living|it anymore|being alive|living for)\b|"
                                r"\blife (?:is |s )?not worth\b|\bnot worth the (?:pain|fight|effort) of living\b")
_rule(_S, _MEDIUM, "reason",
      r"\b(?:whats|what is|what s|wats|whats even|what is even) the (?:<ADV>)(?:point|use|purpose|reason) "
      r"(?:of|in|for) (?:<ADV>)(?:living|life|being alive|going on|existing|waking up|it all|staying alive|"
      r"carrying on|trying|me|being here|my life|continuing)\b|\b(?:whats|what is|what s) the point anymore\b|"
      r"\bno point (?:anymore|any more|in anything)\b")
_rule(_S, _MEDIUM, "give",
      r"\b(?:give|giving|given|gave) up on (?:<ADV>)(?:life|living|everything|<ME>|me|the world|being alive|"
      r"getting better|ever getting better|ever being happy)\b|\bgive up on living\b")
_rule(_S, _MEDIUM, "disap live sleep",
      r"\b(?:want|wanna|wish|need|just want|would like|id like|i d like|long|longing|hope|dream)\w* (?:to )?"
      r"(?:i could )?(?:<ADV>)(?:disappear|vanish|evaporate|fade away|not exist|stop existing|be nothing|"
      r"go away forever|go away and never come back|cease to exist|be erased|not be around|not be here|"
      r"leave this world|leave this earth|fall asleep forever|sleep forever|go to sleep forever)\b")
_rule(_S, _MEDIUM, "disap",
      r"\b(?:disappear|vanish)\w* (?:<ADV>)(?:forever|for good|permanently|from (?:this|the) (?:world|earth|planet)|"
      r"off the face of)\b")
_rule(_S, _MEDIUM, "end stop & want wish",
      r"\b(?:want|wanna|wish|need)\w* (?:<ADV>)(?:it all|everything|all of this|this all|life|my life|"
      r"the suffering|my suffering|the pain|it|this) (?:to )?(?:<ADV>)(?:end|stop|be over)\b"
      r"(?: (?:<ADV>)(?:forever|for good|permanently|now|tonight|already))?(?=(?: (?:<ADV>)(?:forever|for good|"
      r"permanently|now|tonight|already|i|and|but|please))|\s*(?:[.?]|$))")
_rule(_S, _MEDIUM, "sleep wake",
      r"\b(?:sleep|fall asleep|go to sleep|close my eyes|lie down|lay down)\w* (?:and|&|n|then) (?:<ADV>)"
      r"(?:never|not|dont|don t) (?:<ADV>)(?:wake|open|get up)\b")
_rule(_S, _MEDIUM, "wake",
      r"\b(?:never|not|dont|didnt|wouldnt|wont|do not|would not|will not) (?:<ADV>)wake up (?:<ADV>)(?:again|"
      r"tomorrow|ever again|in the morning|anymore|one day|one morning)\b")
_rule(_S, _MEDIUM, "wake",
      r"\b(?:dont|do not|never|no longer) (?:<ADV>)(?:want|wanna|wish|like|feel like) to wake up\b")
# goodbyes and plans are "high"
_rule(_S, _HIGH, "plan",
      r"\b(?:goodbye|farewell|suicide|good bye) (?:letters?|notes?)\b|\b(?:my|a) (?:final|last) (?:goodbye|farewell)"
      r"(?: (?:letters?|notes?|messages?|videos?|posts?|texts?))?\b|\b(?:wrote|written|writing|write|left|"
      r"leaving|leave|draft\w*|prepar\w*|record\w*) (?:a |my |the |some |all )?(?:goodbye|farewell|final) "
      r"(?:letters?|notes?|messages?|videos?|posts?|texts?|emails?)\b(?! (?:to|for) (?:the|my) (?:team|"
      r"colleagues|coworkers|class|students|company|office|job|work))")
_rule(_S, _HIGH, "plan",
      r"\b(?:this is|its|it s|it is|heres|here is) (?:my )?(?:final |last )?(?:goodbye|farewell)\b"
      r"(?! (?:for now|until|til|till|see you|to (?:my|the) (?:old|job|team|office|anxiety|panic))|\w)|"
      r"\b(?:say|saying|said|to say) (?:my )?(?:final |last )?(?:goodbyes?|farewells?) (?:to (?:everyone|everybody|"
      r"you all|all of you|the world|my family|my kids|life|this world|my loved ones|all my friends)|"
      r"(?:<ADV>)forever|for good|before i go)\b|\bgoodbye (?:world|cruel world|forever|everyone|everybody|"
      r"all|life|my friends)\b")
_rule(_S, _HIGH, "plan",
      r"\b(?:give|giving|given|gave) away (?:(?:all|everything|most) (?:of )?(?:my )?(?:\w+ )?(?:stuff|things|"
      r"belongings|possessions|pets?|cat|dog|clothes|savings|prized|valuables|guitar|books|money)?|my (?:stuff|"
      r"things|belongings|possessions|pets?|cat|dog|savings|prized possessions|valuables))\b")
_rule(_S, _HIGH, "plan", r"\b(?:put|putting|get|getting|got|have put|set) (?:all )?my affairs in order\b")
_rule(_S, _HIGH, "live breath",
      r"\b(?:wont|will not|wil not|not going to|aint) be (?:around|alive|here|living|breathing) (?:much longer|"
      r"for (?:much )?longer|for long|by (?:tomorrow|morning|next week|then|the weekend|friday|monday)|"
      r"anymore|any ?more|to see|next (?:week|month|year)|after tonight|tomorrow)\b")
_rule(_S, _HIGH, "plan",
      r"\b(?:have|had|made|making|make|got|with|came up with|worked out|figured out|thought out|planned out)"
      r" (?:a|my|the|out a|out my) (?:suicide |detailed |clear |whole )?plan\w* (?:to|for|on how to|how to|"
      r"about how to) (?:<ADV>)(?:die|dying|kil|end|suicide|do it|take my|my death|jump|hang|overdose|od|"
      r"unalive|commit)\b|\bsuicide plans?\b|\b(?:plan|plans|planned|planning) (?:my|the) (?:own )?"
      r"(?:suicide|death|exit|way out)\b")
_rule(_S, _HIGH, "stash & pill",
      r"\b(?:stockpil\w*|hoard\w*|stash\w*|saving up|saved up|save up|been saving|been collecting|squirrel\w* "
      r"away|hiding away|accumulat\w*|collecting up|saving all) (?:up )?(?:<ADV>)(?:\w+ ){0,2}<PILLS>\b")
_rule(_S, _HIGH, "stash & pill",
      r"\benough (?:\w+ )?<PILLS> (?:<ADV>)(?:to|that i could|that i can|that it would) (?:<ADV>)(?:die|kil|end|"
      r"od|overdose|not wake|never wake|do it|do the job|be fatal|be lethal|finish)\b")
# methods that name the person: "hang myself", "shoot myself", "drown myself"
_rule(_S, _HIGH, "self",
      r"\b(?:hang|hanging|hanged|hung|shoot|shooting|shot|stab|stabbing|stabbed|drown|drowning|drowned|poison|"
      r"poisoning|poisoned|suffocate|suffocating|suffocated|strangle|strangling|strangled|gas|gassing|"
      r"electrocute|electrocuting|overdose|overdosing|immolate|immolating|asphyxiate|smother|smothering|"
      r"choke|choking|knife|knifing|rope|roping) ?<ME>\b", neg=True)
_rule(_S, _MEDIUM, "self",
      r"\b(?:burn|burning|burned|burnt|cut|cutting|cuts|slice|slicing|hurt|hurting|hurts|harm|harming|injure|"
      r"injuring|injured|mutilate|mutilating|punish|punishing|scratch|scratching|carve|carving|bruise|"
      r"bruising|hit|hitting|punch|punching|bite|biting|starve|starving|starved|abuse|abusing|beat|beating|"
      r"bleed|bleeding|scar|scarring|torture|torturing|destroy|destroying|whip|whipping) ?<ME>\b", neg=True)
_rule(_S, _HIGH, "self", r"\bset (?:<ME>|me) (?:on )?(?:fire|alight|ablaze)\b", neg=True)
_rule(_S, _HIGH, "jump",
      r"\bjump\w* (?:off|from|of|out of|out|in front of|infront of|into|before|under) (?:<ADV>)(?:a |the |this |that |"
      r"my |our |an |some )?(?:\w+ )?(?:bridge|building|roof|rooftop|cliff|balcony|window|train|bus|car|truck|"
      r"ledge|overpass|parking garage|car park|tower|highway|freeway|motorway|traffic|subway|metro|tracks|"
      r"skyscraper|high ?rise|apartment|hotel|dam|waterfall|floor|story|storey|lorry|platform|height)\b",
      neg=True)
_rule(_S, _HIGH, "place",
      r"\b(?:step|stepping|stepped|walk|walking|walked|throw|throwing|threw|lay|lie|lying|laying|run|running|"
      r"ran|jump|jumping|fall|falling|dive|diving) (?:<ME> )?(?:out )?(?:in ?front of|under|into|onto|on|"
      r"across) (?:a |the |an |some )?(?:oncoming |moving |speeding |passing )?(?:train|bus|car|truck|"
      r"traffic|lorry|subway|tracks|railway|railroad|highway|freeway|motorway)\b(?! (?:station|stop|"
      r"ticket|schedule|to get|to the clinic|to work|home))", neg=True)
_rule(_S, _HIGH, "place",
      r"\b<INTENT> (?:<ADV>)(?:drive|driving|crash|crashing|steer|swerve|swerving|run|ram|wrap) (?:my car |the car |"
      r"it |my truck |my bike |<ME> )?(?:<ADV>)(?:into|off|in front of|under) (?:a |the |an |some |oncoming )?"
      r"(?:tree|wall|bridge|cliff|traffic|truck|pole|river|lake|ocean|sea|overpass|pillar|barrier|road|"
      r"train|lorry|bus)\b", neg=True)
_rule(_S, _HIGH, "place",
      r"\b(?:drive|driving|drove|crash|crashing|crashed|steer|swerve|swerving|swerved|ram|rammed) (?:my car |"
      r"the car |it |my truck )?(?:into|off) (?:\w+ ){1,4}(?:on purpose|deliberately|intentionally)\b")
_rule(_S, _HIGH, "hang",
      r"\b(?:rope|nooze|ligature|belt|cord|cable|scarf) (?:<ADV>)(?:around|round|on|to|over) (?:my|me) neck\b|"
      r"\b(?:tie|tied|tying|make|made|making|bought|buy|buying|got|get|have|has|prepared|hung|hang|hanging|"
      r"set up|setting up) (?:a |the |my |some |up a |up the )?(?:nooze|rope to|rope for|ligature)\b|\bnooze\b|"
      r"\b(?:bought|buy|buying|got|get|have|found) (?:a |some |the )?(?:strong |thick |long )?rope<EOC>")
_rule(_S, _HIGH, "weapon",
      r"(?<!has a )(?<!had a )(?<!held a )(?<!holds a )(?<!holding a )(?<!pointed a )(?<!pointing a )(?<!put a )"
      r"\b(?:gun|pistol|revolver|rifle|shotgun|barrel|knife|blade|razor|razor blade|glass|bullet) (?:<ADV>)(?:to|in|"
      r"against|into|on|at|near|across|under) (?:my|me) (?:head|mouth|temple|chin|throat|neck|wrists?|chest|"
      r"heart|skin|arms?|thighs?|legs?|stomach|face|veins?)\b")
_rule(_S, _HIGH, "weapon", r"\bblow (?:my|me) (?:brains|head) (?:out|off)\b|\b(?:bullet|bullets) (?:in|into|through) my (?:head|brain|skull)\b")
_rule(_S, _HIGH, "cut",
      r"\b(?:slit|slice|slash|slitting|slicing|slashing|cut|cutting|open|opening|carve|carving|hack|hacking|"
      r"gash|gashing) (?:open )?(?:my|both (?:of )?(?:my )?|me) (?:<ADV>)(?:wrists?|throat|veins?|arteries|artery|"
      r"jugular)\b|\b(?:slit|slash|slitting|slashing) (?:<ANYSELF>|wrists|throats?|veins)\b")
_rule(_S, _MEDIUM, "cut",
      r"\b(?:slice|slash|slicing|slashing|cut|cutting|carve|carving|hack|hacking|gash|gashing|burn|burning|"
      r"scratch|scratching) (?:into |open )?(?:my|me) (?:<ADV>)(?:arms?|forearms?|thighs?|legs?|stomach|skin|"
      r"belly|hips?|ankles?|wrists?|body|chest|flesh)\b(?! (?:on (?:a|the)|by accident|accidentally|while "
      r"cooking|shaving|in the kitchen|with a (?:kitchen|bread))|\w)", neg=True)
_rule(_S, _HIGH, "weapon",
      r"\b(?:exit bag|helium (?:hood|bag|tank to)|charcoal (?:burning|grill|bbq) in|hose (?:from|to|into) the exhaust|"
      r"(?:engine|car) running in (?:the|my) (?:garage|closed garage)|carbon monoxide (?:to|poisoning myself|"
      r"and die|in my car))\b")
_rule(_S, _MEDIUM, "self", r"\b(?:want to|wana|going to|gona|gon|about to|ready to|should just|might just|wil just|"
      r"just want to|plan to|planing to|decided to|thinking of|thinking about) of (?:<ME>|me)\b", neg=True)
_rule(_S, _HIGH, "place",
      r"\b(?:standing|stood|sitting|sat|perched|climbing|climbed|im|i am|i m|up) (?:on|at|onto|over) (?:the |a |this |that )?"
      r"(?:top of (?:the |a )?|edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|cliff|tracks|railway|railroad|"
      r"overpass|balcony railing|railing of|top of the building|parapet)\b(?! (?:club|bar|restaurant|terrace|party))")
_rule(_S, _HIGH, "self",
      r"\b(?:use|used|using|turn|turning) (?:it|this|that|the knife|a knife|the razor|the blade|the gun|a gun|them|"
      r"the pills|the rope|my gun) (?:on|against) <ME>\b", neg=True)
_rule(_S, _MEDIUM, "cut", r"\b(?:im|i am|i m|ive been|i was) (?:<ADV>)(?:a )?cuter\b")
_rule(_S, _MEDIUM, "cut harm self ed",
      r"\b(?:cant|can not|cannot|trying to|try to|want to|urges? to|struggling to|unable to) (?:<ADV>)stop (?:<ADV>)"
      r"(?:cutting|<SELFHARM>|self harming|burning <ME>|hurting <ME>|purging|starving <ME>|scratching <ME>)\b")
_rule(_S, _MEDIUM, "reason",
      r"\b(?:dont|do not|cant|can not|cannot|no longer|doesnt) (?:<ADV>)see (?:the|a|any) (?:point|reason|purpose|use) "
      r"(?:in|of|to|for) (?:<ADV>)(?:living|life|go on|going on|being alive|existing|carrying on|staying alive|"
      r"waking up|keep going|anything anymore|continuing|being here)\b")
_rule(_S, _HIGH, "enough & pill",
      r"\b(?:<QUANT>|<NUM>) (?:\w+ ){0,2}?<PILLS> (?:be |is |are |would be |will be )?enough to (?:<ADV>)(?:die|kil|end|"
      r"od|overdose|not wake up)\b")
# intent + method: "going to take all my pills", "want to overdose", "want to jump"
_M["STRONG_INTENT"] = (
    r"(?:want(?:s|ed)?(?: to)?|wanna|wana|going to|gonna|gon|about to|bout to|ready to|plan(?:s|ed|ing)? (?:to|on)|"
    r"decided to|thinking (?:about|of)|think about|tempted to|urges? to|feel like|should just|will just|"
    r"im just going to|might just|could just|wish i could|need to just|considering|contemplating|tonight i wil|"
    r"time to|im wil|il just)"
)
_rule(_S, _HIGH, "quant & pill",
      r"\b<STRONG_INTENT> (?:<ADV>)(?:take|taking|swallow|swallowing|down|downing|eat|chug|use|pop|popping|"
      r"overdose on|od on|snort|inject|mix) (?:<ADV>)<QUANT> (?:of )?(?:my |the |these |those |her |his |our |mums |"
      r"moms |dads )?(?:\w+ ){0,2}?(?:<PILLS>|bottle|pack|packet|box|prescription|supply|stash)\b"
      r"(?! (?:with me|to (?:the|my|your|our) \w+|in the morning|at night|every day|daily|as prescribed|"
      r"before|after|on time|like|for (?:the|my) (?:trip|week|appointment)))", neg=True)
_rule(_S, _HIGH, "od", r"\b<INTENT> (?:<ADV>)(?:overdose|od|o d|overdos\w*)\b", neg=True)
_rule(_S, _HIGH, "jump self",
      r"\b<INTENT> (?:<ADV>)(?:jump|leap|throw <ME>|fling <ME>|hurl <ME>)(?: off| from|$|\.|\?| out| in front)", neg=True)
_rule(_S, _HIGH, "hang",
      r"\b(?:<INTENT>|(?:<ADV>)time to) (?:<ADV>)(?:rope|hang|get the rope|find a rope|buy a rope)\b"
      r"(?! (?:in|into|out|up|around|on|a |the |my |pictures?|paintings?|shelves|curtains|out with|with))", neg=True)
_rule(_S, _HIGH, "weapon",
      r"\b<INTENT> (?:<ADV>)(?:get|buy|use|find|grab|borrow|load) (?:a |my |the |his |her |dads )?(?:gun|pistol|"
      r"rifle|shotgun|firearm|rope|knife|razor|razor blades?|blades?) (?:to|and) (?:<ADV>)(?:end|kil|shoot|"
      r"hang|cut|die|do it|finish)\b")
# methods asked about: "how many pills would it take", "easiest way to die", "lethal dose"
_M["LETHAL"] = (
    r"(?:kil (?:me|<ME>|<YOURSELF>|<SELF3>|a (?:person|human|adult|man|woman|grown man)|you|someone|somebody|"
    r"one|people|u)|die|od|overdose|overdosing|be lethal|be fatal|be deadly|lethal|fatal|deadly|end it|"
    r"end (?:my|your|a|one s|ones|their) life|not wake up|never wake up|stop (?:my|your|the|a) heart|"
    r"put (?:me|you|someone) in a coma|commit suicide|be enough to (?:die|kil)|end it all|do it|"
    r"do the job|cause death|cause an overdose|be a fatal dose|be an overdose|kil an adult)"
)
_rule(_S, _HIGH, "much",
      r"\bhow (?:many|much) (?:\w+ ){0,3}?(?:<PILLS>|mg|milligrams|grams|units|doses|of (?:it|this|these|them|"
      r"my \w+|\w+ pills|\w+))(?: \w+){0,4}? (?:would|will|does|do|to|should|could|can|it takes|it would take|"
      r"is|are|would it|does it|will it|might|must)(?: \w+){0,3}? <LETHAL>\b")
_rule(_S, _HIGH, "much",
      r"\bhow (?:many|much) (?:\w+ ){0,2}?<PILLS> (?:would|will|does|could|might) (?:it |i |you |one )?"
      r"(?:take|need|have to take|need to take|need to swallow|have to swallow)\b(?=\s*(?:[.?]|$|to (?:die|"
      r"od|overdose|kil|end|not wake)))")
_rule(_S, _HIGH, "lethal od kil pulse",
      r"\b(?:lethal|fatal|deadly|killing|overdose|od|toxic lethal) (?:<ADV>)(?:dose|doses|dosage|amount|quantity|"
      r"threshold|limit|number|level)\b|\b(?:dose|amount|quantity|number of pills|many pills|much \w+) (?:that|"
      r"which|it)? ?(?:would|will|could|can|to|is|it takes to|needed to) (?:<ADV>)(?:kil|be lethal|be fatal|"
      r"be deadly|stop (?:my|the|your|a) heart)\b")
_rule(_S, _HIGH, "adj & way & die kil end suic od hang unal wake cut self goon disap live breath",
      r"\b(?:easiest|easy|easier|quickest|quick|quicker|fastest|fast|best|surest|sure|simplest|simple|"
      r"most painless|painless|painlessly|least painful|less painful|pain free|pain-free|gentlest|gentle|"
      r"peaceful|most peaceful|quiet|quietest|reliable|most reliable|effective|most effective|efficient|"
      r"guaranteed|certain|clean|cleanest|humane|most humane|good|better|fool ?proof|successful|cheapest|"
      r"cheap|instant|fastest acting|quick acting|best|proper|right|correct|safest|least messy|less messy|"
      r"surefire|sure fire) (?:<ADV>)(?:way|ways|method|methods|means|option|options|technique|techniques|how|"
      r"place|places|spot|spots|location|drug|drugs|pills?|poison|dose|way out|exit|route|bridge|building|"
      r"height|city|country|state|cliff)(?: \w+){0,4}? (?:to|of|for|i could|i can|that i could|to just) (?:<ADV>)(?:die|dying|kil (?:<ANYSELF>|someone|oneself)|kiling (?:<ANYSELF>|oneself)|"
      r"end (?:my|it|it all|your|one s|ones|a|their|his|her) ?(?:life|all|lives)?|ending (?:my|it|your|one s|"
      r"ones|a|their) ?(?:life|all)?|commit suicide|commiting suicide|suicide|check out|od|overdose|"
      r"overdosing|hang (?:<ANYSELF>)|drown (?:<ANYSELF>)|unalive\w*|not wake up|never wake up|jump to (?:my|"
      r"your) death|cut (?:<ANYSELF>|my wrists|your wrists|deep)|bleed out|off (?:<ANYSELF>)|"
      r"go(?=\s*(?:[.?]|$| forever| peacefully| out| quietly| in my sleep| for good))|pass away|"
      r"pass(?=\s*(?:[.?]|$))|disappear forever|stop living|stop breathing|sleep forever|leave this world|"
      r"end things|exit life|exit this world|not exist)\b")
_rule(_S, _HIGH, "self live end od",
      r"\bhow (?:do|does|did|can|could|would|should|might|will|to|must|am|is|are|would one|does one|can one|"
      r"do you|can you|could you|would you|do people|can people|do i|can i|should i|could i|would i) "
      r"(?:i |you |u |one |someone |somebody |a person |people |a human |a man |a woman |anyone |we |they |ppl )?"
      r"(?:<ADV>)(?:go about |best )?(?:kil|kiling|hang|hanging|drown|drowning|poison|poisoning|shoot|shooting|"
      r"suffocate|suffocating|strangle|electrocute|starve|overdose|od|unalive|off|cut|cutting|slit|burn|"
      r"harm|hurt|injure|end|ending|take|stab|asphyxiate|gas|smother) (?:<ANYSELF>|my own life|your own life|"
      r"their own lives|their own life|one s own life|ones own life|my life|your life|their lives|"
      r"their life|his life|her life|it all|on \w+|<ME> with|a life|oneself)\b"
      r"(?! (?:back|over|away|in|to|from|into|for good reasons?))")
_rule(_S, _HIGH, "suic kil self cut hang od die live unal disap wake pulse",
      r"\b(?:how|ways?|methods?|means|instructions|tips|steps|guide|tutorial|advice|best way|easiest way|"
      r"quickest way) (?:to|for|of|on|on how to) (?:<ADV>)(?:commit(?:ing)? suicide|suicide(?! (?:prevention|"
      r"awareness|risk|rates?|hotlines?|lines?|survivors?|loss|grief|statistics|research|warning|signs|"
      r"assessment|screening|support|helpline|help|crisis|thoughts?|ideation))|kil(?:ing)? (?:<ANYSELF>)|"
      r"self ?harm(?:ing)?(?! (?:help|support|prevention|recovery|awareness))|cut(?:ing)? (?:<ANYSELF>|deep|"
      r"deeper|my wrists|your wrists)|hang(?:ing)? (?:<ANYSELF>)|tie a nooze|tying a nooze|make a nooze|"
      r"overdos(?:e|ing)(?! (?:prevention|awareness|reversal|symptoms|signs|treatment|help))|od|slit(?:ing)? "
      r"(?:wrists|my wrists|your wrists|veins|throats?)|die(?! (?:down|hard|in (?:minecraft|the game)))|"
      r"dying(?! (?:of|from|down))|end (?:my|your|one s|ones|a|their) (?:own )?life|unalive|disappear forever|"
      r"not wake up|never wake up|stop my heart)\b")
_rule(_S, _HIGH, "suic", r"\bsuicide (?:methods?|techniques?|instructions|guide|tutorial|tips|ways|kit|bag|forums?|pact|"
                         r"hotspots?|spots?|bridge|how to)\b")
_rule(_S, _HIGH, "die od hang method",
      r"\bhow (?:long|much time|quickly|fast)(?: \w+){0,4}? (?:to )?(?:die|bleed out|bleed to death|suffocate|drown|"
      r"pass out and die|lose consciousness from hanging|hang|starve to death|od|overdose|die from|die of|"
      r"die after)\b(?! (?:down|off|out))")
_rule(_S, _HIGH, "method die od place",
      r"\b(?:does|would|will|is|do|are) (?:it )?(?:dying|drowning|hanging|bleeding out|jumping|an overdose|"
      r"overdosing|suffocating|suffocation|being hit by a train|slitting|shooting yourself|shooting myself|"
      r"death by \w+|dying by \w+|jumping off \w+|carbon monoxide|cutting your wrists|slitting your wrists|"
      r"hanging yourself|a gunshot) (?:\w+ )?(?:hurt|painful|quick|fast|peaceful|instant|take long|slow|"
      r"messy|reliable|work)\b")
_rule(_S, _HIGH, "cut",
      r"\bhow deep (?:to|do i|should i|do you|must i|would i|does one|do i need to|would i need to|to) "
      r"(?:\w+ )?cut\b|\b(?:which|what) (?:vein|artery|veins|arteries) (?:to|do i|should i|would i|is best "
      r"to|is easiest to) (?:cut|slit|slice|hit)\b|\bwhere (?:to|do i|should i|would i|can i) (?:cut|slit|"
      r"slice|stab) (?:to |<ME>|my wrists|my arm|so i)")
_rule(_S, _HIGH, "place lethal die kil",
      r"\b(?:which|what|how)(?: \w+){0,2} (?:bridge|building|height|floor|story|storey|tall|high|far)(?: \w+){0,5}"
      r" (?:enough to (?:die|kil)|to (?:die|kil (?:<ME>|you|someone|a person))|would (?:kil|be fatal)|is "
      r"(?:fatal|lethal|deadly))\b|\b(?:high|tall|deep|strong|far) enough to (?:die|kil (?:me|<ME>|you|a "
      r"person|someone)|be fatal|be lethal|end it)\b")
_rule(_S, _HIGH, "die kil wake lethal",
      r"\b(?:how|what|which|where|when)\b(?: \w+){1,8} (?:to|and|would|will|id|i d|i would|so i can|so that i) "
      r"(?:<ADV>)(?:die|kil <ME>|not wake up|never wake up|be fatal|be lethal)(?=\s*(?:[.?]|$| quickly| "
      r"painlessly| fast| instantly| peacefully| for sure| without pain| without it hurting| tonight| now))")
_rule(_S, _HIGH, "kil lethal",
      r"\b(?:will|would|could|can|might|does|do|is|are)(?: it)? (?:<QUANT>|<NUM>|these|those) (?:\w+ ){0,3}?"
      r"(?:kil|be enough to kil|be fatal to|be lethal to|be lethal for|be fatal for|be enough to end) (?:me|a "
      r"person|someone|you|an adult)\b")
_rule(_S, _HIGH, "take & quant poison",
      r"\bwhat(?: \w+){0,3} if (?:i|you|someone|u) (?:took|take|swallowed|swallow|drank|drink|ate|eat|overdosed|"
      r"overdose|od|mixed|injected|had|downed|used) (?:<ADV>)(?:(?:<QUANT>|<NUM>|a (?:whole|full) \w+) (?:of )?"
      r"(?:my |the |these |those |her |his |some )?(?:\w+ ){0,2}?(?:<PILLS>|<POISONS>|bottle|pack|packet|box|"
      r"prescription|dose|doses|it|them)\b|(?:<QUANT>|<NUM>)<EOC>|<POISONS>)")
_rule(_S, _HIGH, "die kil end od wake pulse",
      r"\b(?:what|which|where|how much|how many) (?:\w+ )?(?:can|could|should|would|do|does|will|might|must) (?:i|you|one|"
      r"someone|a person|u) (?:\w+ ){0,2}?(?:take|use|do|drink|swallow|eat|buy|get|mix|inject|try|jump from|jump "
      r"off|go) (?:\w+ ){0,3}?to (?:<ADV>)(?:die|kil (?:<ME>|<YOURSELF>|oneself)|end (?:it|my life|it all|your life)|"
      r"overdose|od|not wake up|never wake up|stop (?:my|your) heart)\b(?! (?:down|of (?:boredom|embarrassment)))")
# third person in danger now: "my friend is suicidal", "she wants to kill herself", "he is cutting himself"
_rule(_S, _MEDIUM, "suic",
      r"\b(?:<SUBJ3>|someone|somebody|my (?:\w+ )?(?:friend|brother|sister|son|daughter|kid|child)) (?:<ADV>)"
      r"(?:is|s|are|seems|sounds|looks|has been|have been|was|were|became|got|keeps|feels|is feeling|been|"
      r"might be|may be|could be|is being|is getting|gets|get) (?:<ADV>)(?:acting |feeling |talking |very |"
      r"really |so |extremely |increasingly |actively )?<SUIC>\b")
_rule(_S, _MEDIUM, "self live",
      r"\b(?:wants?|wanted|wanting|going|is going|gonna|threaten(?:s|ed|ing)?|trying|tried|tries|plan(?:s|ed|"
      r"ing)?|about|talk(?:s|ed|ing)? about|keeps? talking about|said (?:he|she|they)(?: would| will| wants? to|"
      r"d| might| is going to| was going to)|says (?:he|she|they)(?: will| wants? to| might| is going to| s "
      r"going to| ll)?|thinking about|thinks about|considering|attempted|attempting|might|may|will|could)"
      r" (?:to )?(?:<ADV>)(?:kil\w*|hang\w*|hurt\w*|harm\w*|cut\w*|shoot\w*|end\w*|starve\w*|drown\w*|"
      r"poison\w*|overdos\w*|od|stab\w*|burn\w*|unalive) (?:<SELF3>|(?:his|her|their) (?:own )?li(?:fe|ves))\b",
      neg=True)
_rule(_S, _MEDIUM, "self",
      r"\b(?:is|s|are|keeps|been|has been|have been|started|starting|was|were|caught (?:him|her|them)) (?:<ADV>)"
      r"(?:cutting|hurting|harming|burning|starving|kiling|punching|hitting|scratching) (?:<SELF3>)\b")
_rule(_S, _MEDIUM, "self",
      r"\b(?:<SUBJ3>|someone|somebody) (?:<ADV>)(?:is|s|are|has been|have been|keeps|started|been) (?:<ADV>)"
      r"<SELFHARM>\b")
# first person: "i'm suicidal", "i have suicidal thoughts", "thinking about killing myself"
_rule(_S, _MEDIUM, "suic",
      r"\b(?:(?:and|so|very|really|still|always|extremely|pretty|kinda|bit) (?=<SUIC_ADJ>(?! (?:thoughts?|ideation|"
      r"feelings?|urges?|tendencies|behaviou?rs?|patients?|people|depression|risk)))|(?:im|i am|i m|am|feel|"
      r"feeling|felt|been|getting|get|become|became|becoming|i was|i got|i go|turning|go|i feel|i felt) )(?:<ADV>)"
      r"(?:very |really |so |extremely |pretty |quite |a little |a bit |a lil |kinda |kind of |slightly |"
      r"super |increasingly |more |less |mildly |passively |actively |severely |constantly |always |often |"
      r"sometimes |still |again |extra |low key |lowkey |highkey |hella |fucking |damn )?(?:<SUIC>|sui)\b"
      r"(?! (?:squad|prevention|hotline|awareness|rates?|statistics|research))", neg=True)
_M["NOTNEG"] = r"(?:(?!(?:no|not|never|any|zero|without)\b)\w+ )"
_rule(_S, _MEDIUM, "suic self",
      r"\b(?:i|ive|i have|im|i am|i ve|i m|been|keep|constantly|still|always|often|sometimes|and|having|have|"
      r"had|get|got|getting|experiencing|experience|experienced|struggle with|struggling with|suffer from|"
      r"suffering from|deal with|dealing with|battling|battle with|fighting|fight|cope with|coping with|"
      r"manage|managing|live with|living with) (?:<ADV>)(?:<NOTNEG>){0,2}?(?:<SUIC>|<SELFHARM>) (?:thoughts?|"
      r"ideation|ideations|feelings?|urges?|tendencies|impulses|ideas?|plans?|intent|intentions|episodes?|"
      r"crisis|crises|depression|moods?|behaviou?rs?|issues|problems|habits?|relapses?|spirals?|"
      r"cravings?|desires?)\b", neg=True)
_rule(_S, _MEDIUM, "suic self cut die",
      r"\bmy (?:<ADV>)(?:\w+ )?(?:<SUIC>|<SELFHARM>|cutting|self ?destructive|death) (?:thoughts?|ideation|"
      r"feelings?|urges?|tendencies|impulses|plans?|attempts?|note|letter|behaviou?r|habit|scars?|cuts?|"
      r"wounds?|relapse|wish|fantasies|ideas?|addiction|problem|issues?|episodes?|history)\b|"
      r"\bmy (?:<SUIC>|<SELFHARM>)\b(?! (?:prevention|awareness|hotline))")
_rule(_S, _MEDIUM, "think & suic kil die end live self wake od hang cut harm method jump care unal lethal much way",
      r"\b(?:thinking|think|thought|thinkin|thoughts|fantasi[sz]\w*|dream\w*|obsess\w*|ruminat\w*|"
      r"daydream\w*|imagin\w*|plan\w*|consider\w*|contemplat\w*|research\w*|googl\w*|look\w* up|search\w*)"
      r" (?:about|of|abt|bout|for|on|up)? ?(?:<ADV>)(?:suicide|<SUIC>|commit(?:ing)? suicide|kil(?:ing)? <ME>|"
      r"ending (?:it|it all|my life|things|everything)|end(?:ing)? my (?:own )?life|taking my (?:own )?life|"
      r"dying|death|my death|being dead|being (?:hurt|killed|kil|gone|run over|hit by a \w+|shot|stabbed|hanged)|"
      r"not being (?:here|alive|around)|not existing|not waking up|"
      r"how to die|ways to die|how i would die|how to end it|jumping(?: off)?|hanging <ME>|overdosing|"
      r"<SELFHARM>|hurting <ME>|cutting(?: <ME>)?|my (?:own )?funeral|unaliving(?: <ME>)?|my suicide|"
      r"suicide methods|methods|a method|lethal doses?|the lethal dose|how many pills)\b"
      r"(?! (?:rates?|statistics|prevention|research|in (?:general|history|literature|movies|films|books)|"
      r"of (?:my|a|the|his|her|their|our) (?:\w+)|penalty|metal|valley))", neg=True)
_rule(_S, _MEDIUM, "suic kil end live od hang self",
      r"\b(?:attempted|tried|try|trying|attempt|attempting|survived|surviving|made an attempt|made attempts)"
      r" (?:to )?(?:<ADV>)(?:suicide|<SUIC>|commit suicide|kil <ME>|end my (?:own )?life|take my (?:own )?life|"
      r"overdose|od|hang <ME>|unalive <ME>|an overdose|a suicide attempt|my suicide attempt|my attempt)\b",
      neg=True)
_rule(_S, _MEDIUM, "suic",
      r"\b(?:my|a|an|previous|past|prior|last|recent|failed|second|third|multiple|several|two|three|"
      r"botched|serious|first) (?:<ADV>)(?:<SUIC>) (?:attempts?|atempt)\b")
_rule(_S, _MEDIUM, "suic self unal slang",
      r"\b<INTENT> (?:<ADV>)(?:commit(?:ing)? )?(?:suicide|<SUIC>|sewer ?slide|sudoku|toaster bath|self ?harm|"
      r"self ?delete|unalive|sui)\b(?! (?:prevention|hotline|awareness|rates?|statistics|squad|research))",
      neg=True)
_rule(_S, _MEDIUM, "suic",
      r"\bhow (?:do|does|did|can|could|would|should|to|do people|does one|would one) (?:i |you |someone |people |"
      r"one )?(?:<ADV>)commit (?:suicide|<SUIC>)\b")
# self-harm as an ongoing behaviour
_rule(_S, _MEDIUM, "self cut harm",
      r"\b(?:i|ive|im|i m|i ve|been|started|keep|still|and|i have been|i am|i was|i used to) (?:<ADV>)"
      r"(?:cut|cutting|<SELFHARM>|sh|burning|scratching|hurting)\b(?=\s*(?:[.?]|$|again|daily|every|sometimes|"
      r"to cope|to feel|when|because|deeper|deep|a lot|more|too|for|since|lately|recently|but|and|"
      r"at night|in secret|secretly|badly|myself|on my|my (?:arms?|legs?|thighs?|wrists?|stomach|skin)))",
      neg=True)
_rule(_S, _MEDIUM, "harm",
      r"\brelaps\w* (?:on |with |into |in |back into )?(?:<ADV>)(?:<SELFHARM>|sh|cutting|burning|purging|"
      r"restricting|my eating disorder|my ed|ana|starving|bingeing and purging|hurting <ME>)\b|"
      r"\b(?:clean|sober|free) (?:from|of) (?:<SELFHARM>|sh|cutting|self injury|burning)\b")
_rule(_S, _MEDIUM, "harm cut",
      r"\bhid(?:e|ing) (?:my |the )?(?:fresh |new |self ?harm |cutting )?(?:cuts|scars|<SELFHARM>|burns|wounds|"
      r"bruises|marks)\b(?! (?:from (?:surgery|my operation|an operation|the accident)))|"
      r"\b(?:fresh|new|deep|deeper|open) (?:cuts?|wounds?|gashes|scars|slashes) (?:on|in|across|all over) "
      r"(?:my|me)\b|\b(?:scars?|marks?|cuts) (?:from|of) (?:cutting|<SELFHARM>|when i (?:cut|used to cut|"
      r"hurt <ME>))\b")
_rule(_S, _MEDIUM, "weapon",
      r"\b(?:razor|razors|blade|blades|razor blades?|box cutter|scissors|lighter|knife|glass|compass|"
      r"sharpener blade|pencil sharpener) (?:\w+ ){0,3}(?:to|and|so i can|so i could) (?:<ADV>)(?:cut|slice|"
      r"scratch|burn|hurt|harm) (?:<ME>|my|me|deep|deeper)\b")
# "SH" is the community's own abbreviation for self-harm; it is read as such next to the words
# people use with it ("if i dont sh", "sh scars", "relapsed on sh").
_rule(_S, _MEDIUM, "harm",
      r"\b(?:i|i dont|i didnt|i do|i did|to|my|the|of|minor|with|from|about|no|for|than|into|urge to|urges to|"
      r"clean from|relapsed on|relapse on|stop|stopped|quit) sh\b(?! (?:up|it|the|a|an))|\bsh (?:is|isnt|was|wasnt|"
      r"urges?|scars?|relapse\w*|again|free|clean|wounds?|marks?|cuts?|sub|subreddit|community|habits?|"
      r"addiction|thoughts?)\b")
_M["CUT_OBJ"] = (
    r"(?: (?:back|down|out|off|costs?|corners|edge|board|ties|the|a|an|my hair|hair|carbs|sugar|calories|"
    r"class|classes|school|weight|grass|wood|paper|onions?|vegetables|meat|bread|through|up|it|them|him|"
    r"her|me|you|and pasting|remarks|words|tool|cake|expenses|spending|loose|across|into|in line|to the "
    r"chase|my losses|losses|the cord|coupons?|fabric|tiles|glass|wires?|a deal|deals))"
)
_rule(_S, _MEDIUM, "cut",
      r"\b(?:my|stop|stopped|started|start|quit|quitting|relaps\w*|urges? to|need to|want to|wanna|wish to|"
      r"about|been|keep|kept|was|im|i m|am|go back to|went back to|back to|resist|resisting|avoid|instead of|"
      r"than|like|feel like|think about|thinking about|miss|crave|craving|consequences of|scars from|"
      r"habit of|addicted to|addiction to) (?:<ADV>)cut(?:ing)?\b(?!<CUT_OBJ>)(?! (?:\w+ )?(?:times?|sessions?|"
      r"infusions?|appointments?|meds|medication|dose|coffee|caffeine|alcohol|drinking|sugar))")
_rule(_S, _MEDIUM, "cut",
      r"\b(?:the|my|these|those|fresh|new|deep|deeper|old) cuts (?:<ADV>)(?:didnt|did|were|are|werent|arent|hurt|"
      r"healed|bled|bleed|got|get|on my|started|look|looked|wont|keep|itch|sting)\b|"
      r"\bcut (?:\w+ ){0,2}(?:veins?|arteries|artery)\b")
_rule(_S, _MEDIUM, "harm",
      r"\bblod ?let\w*|\b(?:draw|drawing|drew|drain|draining|drained|let|letting) (?:out )?(?:my own|my|some of my)"
      r" (?:own )?blod\b(?! (?:for|at|test|work|sample|donation|pressure))")
_rule(_S, _MEDIUM, "self cut harm",
      r"\b(?:take|taking|took|takes) (?:it|this|that|everything|my anger|my pain|my feelings|things) out on (?:<ME>|my "
      r"(?:body|skin|arms?|legs?))\b|\b(?:replace|swap|trade|turn)\w* (?:the |my )?(?:emotional|mental|inner) pain "
      r"(?:with|into|for) (?:physical|real) pain\b|\b(?:marks|scars|cuts|wounds|burns|bruises|welts) on my "
      r"(?:body|arms?|legs?|wrists?|thighs?|skin|stomach|hips?)\b(?! (?:from|after|since) (?:surgery|an? "
      r"(?:operation|accident|fall)|acne|the accident|chickenpox|my (?:operation|surgery|accident)|eczema|"
      r"psoriasis|the iv|the infusion))")
_rule(_S, _MEDIUM, "self cut",
      r"\b(?:gut|gutting|impale|impaling|flay|flaying|disembowel\w*|maim|maiming|skin|skinning|behead\w*|"
      r"decapitat\w*|mangle|mangling|bleed|bleeding|cripple|crippling) (?:<ME>)\b|\b(?:flay\w*|peel\w*|rip\w*|"
      r"tear\w*|pull\w*|pick\w*|gouge\w*|scrape\w*) (?:off |out |at )?my (?:own )?(?:skin|flesh|eyes|nails)\b"
      r"(?! (?:care|routine|products?|off (?:the|a)))", neg=True)

# eating-disorder self-harm
_rule(_S, _MEDIUM, "ed",
      r"\b(?:i|im|ive|been|keep|started|still|and|i am|i have been)(?: (?:need|have|want|going|got|had|has) to| "
      r"gotta| should| wil| must| cant stop)? (?:<ADV>)purg(?:e|ing|ed)\b(?! (?:my|the|old|files|emails|inbox|"
      r"closet|wardrobe|data|cache|clutter|list))|"
      r"\b(?:make|making|made|force|forcing|forced) (?:<ME>|me) (?:to )?(?:<ADV>)(?:throw up|vomit|puke|sick|"
      r"be sick|purge|gag)\b(?! (?:from (?:anxiety|nerves)|on the (?:way|bus)))|\bbinge (?:and|&|n) purge\w*|"
      r"\bbinging and purging\b|\blaxatives? to (?:lose|get thin|stay thin|get rid of)\b|"
      r"\b(?:abuse|abusing|abused|taking) (?:<ADV>)laxatives\b|\bthrow\w* up after (?:every|each|i eat|"
      r"eating|meals|food|dinner|lunch|breakfast)\b")
_rule(_S, _MEDIUM, "ed",
      r"\b(?:stopped|stop|quit|not|havent|have not|haven t|refuse to|refusing to|barely|hardly|cant make "
      r"<ME>|dont|didnt|wont|afraid to|scared to) (?:<ADV>)(?:been )?(?:eating|eaten|eat|ate)(?: anything| "
      r"a thing| food| properly)? (?:for|in) (?:<ADV>)(?:\w+ )?(?:days|weeks|a week|a month|months|a while)\b|"
      r"\b(?:only|just|under|less than|below|barely|max|maximum|no more than)(?: (?:eat|eating|ate|have|"
      r"having|allow <ME>|allowing <ME>|consume|consuming|let <ME> have))? (?:[1-7]\d\d|[1-9]\d|[0-9]|800|zero|no|a few hundred|one "
      r"hundred|two hundred|three hundred|four hundred|five hundred) (?:calories|cals|kcal)\b(?: (?:a|per) day)?")
_rule(_S, _MEDIUM, "self & ed",
      r"\b(?:stop|stopping|keep|keeping|prevent|preventing|stopped) (?:<ME>|me) from (?:eating|eat|having (?:any )?food)\b")
_rule(_S, _MEDIUM, "binge",
      r"\bbinge\w* (?:eat\w* )?(?:and|then|&|n) (?:<ADV>)(?:then )?(?:vomit|throw up|purge|puke|make <ME> sick)\w*|"
      r"\b(?:i|im|i m|ive|i ve|i keep|i still) (?:<ADV>)(?:binge|binging|bingeing|binged)\b")
_rule(_S, _MEDIUM, "vomit",
      r"\b(?:vomit|throw|puke|bring)\w* (?:it|everything|food|it all|all of it|my food|my meals?) (?:all )?(?:back )?up\b")
_rule(_S, _MEDIUM, "bones",
      r"\b(?:my )?(?:ribs|rib cage|ribcage|hip ?bones|collar ?bones|spine|bones) (?:<ADV>)(?:to )?(?:stick|show|poke|jut)"
      r"\w*(?: out)?\b|\bthigh gap\b")
_rule(_S, _MEDIUM, "skinny",
      r"\b(?:so|as|super|extremely|dangerously|really) (?:skinny|thin|underweight|bony) (?:that|as possible|enough)\b")
_rule(_S, _MEDIUM, "ed", r"\bmy (?:ed|eating disorder)\b")
_rule(_S, _MEDIUM, "ed", r"\bpro ?(?:ana|mia)\b|\bthinspo\w*|\bmeanspo\b|\bbonespo\b|\bana (?:coach|buddy|tips)\b")

# ---- Overdose and poisoning (already taken) -----------------------------------------------
# Past or present tense: "i took a whole bottle of pills", "took too many", "swallowed bleach".
# The future ("going to take all my pills") is a suicide plan, listed above.
_rule(_O, _HIGH, "quant & take od pill",
      r"\b(?:took|taken|swallowed|swallowing|downed|popped|ate|eaten|had|consumed|ingested|chugged|"
      r"injected|shot up|snorted|used|overdosed on|od d on|od on|just took|just swallowed|(?:im|i am|i m|"
      r"currently|right now im|right now i m) (?:<ADV>)(?:taking|swallowing|downing|popping)) (?:<ADV>)<QUANT> (?:of )?(?:my |the |his |her |their |these |those |mom s |moms |"
      r"mums |dad s |dads |our |some )?(?:\w+ ){0,2}?(?:<PILLS>|bottle|pack|packet|box|blister|strip|"
      r"container|jar|prescription|supply|stash|dose|doses|doses of)\b", neg=True)
_rule(_O, _HIGH, "quant & take pill",
      r"\b(?:took|taken|swallowed|had|ate|downed|popped|used|injected|snorted|consumed|ingested|taking|"
      r"swallowing) (?:<ADV>)(?:way )?too (?:many|much)\b(?! (?:time|effort|energy|space|money|damage|risks?|"
      r"notice|care|stress|work|responsibility|on|off|pride|shit|days|leave|vacation|coffee|caffeine|sugar|"
      r"sun|for granted|personally|to heart|weight|notes|photos|pictures|selfies|classes|courses|shifts|"
      r"breaks|naps))", neg=True)
_rule(_O, _HIGH, "quant & take pill",
      r"\b(?:took|downed|swallowed|had|drank|chugged|ate|popped|taken|finished) (?:\w+ ){0,6}?(?:and|with|plus|then|"
      r"along with) (?:<QUANT>) (?:of )?(?:my |the |some |her |his )?(?:\w+ )?<PILLS>\b", neg=True)
_rule(_O, _HIGH, "od",
      r"\b(?:i|ive|i have|im|i am|i m|i ve|just|think i|think ive|may have|might have|i may have|i might have|"
      r"accidentally|he|she|they|friend|my \w+|someone|somebody|who|he s|she s|theyve|hes|shes|i think i)"
      r" (?:<ADV>)(?:overdosed|od d|oded|odd|overdosing|oding|od ing|have overdosed|has overdosed|is overdosing|"
      r"s overdosing|are overdosing|am overdosing|od)\b<OD_NOT>", neg=True)
_rule(_O, _HIGH, "poison & take",
      r"\b(?:drank|drink|drinking|swallowed|swallow|swallowing|ate|eat|eaten|eating|ingested|ingest|took|taken|"
      r"had|consumed|chugged|chug|sipped|inhaled|huffed|sniffed|injected|inject|downed|poured) (?:<ADV>)"
      r"(?:some |a (?:lot|bunch|cup|glass|bottle|mouthful|sip|capful|bit|whole bottle|jug) of |the |a |an |my |"
      r"too much |half a bottle of |a whole bottle of |some of the )?(?:\w+ )?<POISONS>\b"
      r"(?! (?:smell|fumes? (?:while|when)|while cleaning|cleaning the))", neg=True)
_rule(_O, _HIGH, "poison", r"\bpoison(?:ed|ing)? (?:<ME>|me)\b|\b(?:ive|i have|i ve|i) (?:been|was|got) poisoned\b",
      neg=True)
_rule(_O, _HIGH, "kid & take & pill poison",
      r"\b(?:my|our|the|a) (?:\w+ )?(?:kid|kids|child|children|son|daughter|baby|toddler|friend|brother|sister|"
      r"mom|mum|dad|mother|father|husband|wife|partner|roommate|grandma|grandpa|boyfriend|girlfriend)"
      r" (?:<ADV>)(?:ate|swallowed|drank|took|got into|has eaten|has swallowed|has taken|may have eaten|"
      r"may have swallowed|may have taken|might have swallowed|just ate|just swallowed|just drank|is eating|"
      r"chewed) (?:\w+ ){0,3}?(?:<PILLS>|<POISONS>|pods?|cleaner|poison|chemicals?|medicine|vape juice|"
      r"e ?liquid|nicotine|cannabis|weed)\b")
_rule(_O, _MEDIUM, "double & pill",
      r"\b(?:took|taken|had|given|gave|accidentally took|accidentally taken|double dosed|doubled) (?:<ADV>)"
      r"(?:my|the|a|his|her|an|their)? ?(?:\w+ )?(?:dose|doses|medication|meds|pills?|insulin|tablets?) "
      r"(?:twice|two times|three times|again by accident|by mistake|double)\b|\b(?:took|taken|had|given|"
      r"accidentally took) (?:a |an )?(?:double|triple|extra) (?:dose|doses|dosage)\b|\bdouble dosed\b|"
      r"\bdoubled (?:up )?(?:on )?my (?:dose|meds|medication)\b")
_rule(_O, _MEDIUM, "poison",
      r"\b(?:drank|had|chugged|downed|finished) (?:<ADV>)(?:a whole|an entire|two|three|a full|half a|the whole)"
      r" (?:bottles?|fifth) of (?:vodka|whiskey|whisky|gin|rum|tequila|liquor|alcohol|wine|jack)\b")
_rule(_O, _HIGH, "mix",
      r"\b(?:mixed|mixing|combined|combining) (?:<ADV>)(?:\w+ ){0,3}?(?:<PILLS>|alcohol|booze|vodka) (?:with|and) "
      r"(?:\w+ ){0,3}?(?:<PILLS>|alcohol|booze|vodka|wine|beer|drinks)\b(?: (?:on purpose|to die|to sleep "
      r"forever|so i dont wake up))")

# ---- Medical emergency (the visitor or someone with them) ---------------------------------
# Chest pain and breathing trouble count whatever the context: in an anxiety clinic they are
# often panic symptoms, but 911 first is the right answer when in doubt. Negated ("no chest
# pain") is MENTION.
_rule(_MED, _HIGH, "chest",
      r"\bchest (?:<ADV>)(?:pain|pains|hurts?|hurting|is hurting|ache|aches|aching|tightness|tight|tightening|"
      r"pressure|discomfort|is tight|feels tight|feels heavy|is heavy|heaviness|is burning|burning|squeezing|"
      r"is killing me|is on fire|feels like (?:it s|its|it is) (?:being )?(?:crushed|squeezed|exploding|on fire)|"
      r"is caving in|feels crushed|is pounding and|pains)\b", neg=True)
_rule(_MED, _HIGH, "chest",
      r"\b(?:pain|pains|pressure|tightness|squeezing|crushing|heaviness|stabbing|sharp pain|weight|elephant|"
      r"burning|ache) (?:\w+ )?(?:in|on|across|through) (?:my|the|his|her|their) (?:left )?chest\b", neg=True)
_rule(_MED, _HIGH, "breath",
      r"\b(?:cant|can not|cannot|cnt|couldnt|could not|unable to|hard to|harder to|struggling to|struggle to|"
      r"trouble|difficulty|difficult to|hard time|not able to|barely|can hardly|can barely|cant really|"
      r"fighting to|gasping for|fighting for|hard for me to|labou?red|problems?|issues?) (?:<ADV>)(?:\w+ )?"
      r"(?:breathe|breath|breathing|catch my breath|get (?:enough |any )?air|get a breath|swallow and "
      r"breathe)\b(?! (?:exercises?|techniques?|apps?|through (?:it|the)|slowly|deeply|in for))", neg=True)
_rule(_MED, _HIGH, "breath",
      r"\b(?:not|isnt|is not|stopped|has stopped|wont start|no longer|arent|aren t|barely|hardly|cant hear "
      r"(?:him|her|them)) breathing\b(?! (?:exercises?|techniques?|properly through|right during))")
_rule(_MED, _HIGH, "breath",
      r"\b(?:im|i am|i m|feel|feeling|getting|got|very|really|so|suddenly) (?:<ADV>)(?:very |really |so |"
      r"extremely |severely |suddenly )?short of breath\b", neg=True)
_rule(_MED, _HIGH, "chok",
      r"\b(?:choking|choked|chokes)\b(?! (?:up|back|hazards?|on (?:my|the|his|her) words|me|her|him|them|"
      r"you|us|my|out|down|sensation|feeling))", neg=True)
_rule(_MED, _HIGH, "attack",
      r"\b(?:having|had|has|is having|s having|am having|think im having|think i m having|think i am having|"
      r"going into|went into|in|into|i think i m having|might be having|may be having|probably having|"
      r"just had|suffering) (?:a |an |another )?(?:heart attack|cardiac arrest|stroke|seizure|seizures|fit|"
      r"anaphylactic (?:shock|reaction)|anaphylaxis|allergic reaction|severe allergic reaction|diabetic "
      r"(?:coma|shock)|asthma attack|heatstroke|heat stroke|hypoglycemic (?:attack|episode)|"
      r"serotonin syndrome)\b(?! (?:\w+ ){0,3}(?:ago|in \d+|last (?:year|month|week)|years|before|as a "
      r"(?:child|kid)|when i was|history|in the past))", neg=True)
_rule(_MED, _MEDIUM, "panic",
      r"\b(?:im|i am|i m|i think im|i think i am|i think i m|think im|having|currently|right now i m|"
      r"right now im|i keep) (?:<ADV>)(?:having )?(?:a |an )?(?:massive |huge |bad |severe |big |major |"
      r"full blown |really bad |terrible |intense |another )?panic attack(?!s)\b"
      r"(?! (?:when|if|while|during|every|whenever|ago|last|yesterday))", neg=True)
_rule(_MED, _HIGH, "seize",
      r"\b(?:is|s|are|started|keeps|keep|been|im|i m|i am|he s|she s|theyre|they re|hes|shes|currently|"
      r"suddenly) (?:<ADV>)(?:seizing|convulsing|fitting|shaking uncontrollably and|twitching and|foaming)\b"
      r"(?! up)|\bfoaming at the mouth\b", neg=True)
_rule(_MED, _HIGH, "faint",
      r"\b(?:he|she|they|i|someone|somebody|my \w+|friend|\w+ just|and|then|just|has|have|he s|she s|hes|"
      r"shes|ive|i ve|i just|suddenly) (?:<ADV>)(?:just |suddenly )?(?:collapsed|fainted|passed out|blacked "
      r"out|went limp|keeled over|lost consciousness|hit (?:his|her|their|my) head and)\b"
      r"(?! (?:\w+ ){0,2}(?:flyers|papers|leaflets|forms|cards|drunk|from drinking|years ago|as a kid|"
      r"once as))", neg=True)
_rule(_MED, _HIGH, "uncon",
      r"\b(?:unconscious|unresponsive|lifeless|not conscious|barely conscious|in and out of consciousness|"
      r"losing consciousness)\b(?! (?:mind|bias|biases|thoughts?|processes|fears?|desires?|level|patterns?|"
      r"sedation))", neg=True)
_rule(_MED, _HIGH, "wake",
      r"\b(?:wont|will not|cant|can not|cannot|isnt|is not|not|doesnt|does not|didnt|couldnt|unable to|"
      r"trying to|tried to|can t) (?:<ADV>)(?:wake (?:him|her|them|my \w+|\w+) up|waking up|wake up|"
      r"wake|get (?:him|her|them) to (?:wake up|respond))\b(?! (?:early|on time|in time|for|before|at \d|"
      r"in the morning|on my own|without|easily|refreshed|rested|from (?:the )?(?:anesthesia|anaesthesia|"
      r"infusion|sedation|ketamine)|after (?:the )?(?:infusion|treatment|session)|feeling|tired|till|until|"
      r"with))", neg=False)
_rule(_MED, _HIGH, "pulse",
      r"\b(?:not|isnt|is not|stopped) responding(?=\s*(?:[.?]|$| to (?:me|us|anything|voice|touch|my voice|"
      r"shaking|pain)| and))|\bno pulse\b|\bno heartbeat\b|\bheart (?:has )?stopped\b|\bhas no pulse\b")
_rule(_MED, _HIGH, "blue",
      r"\b(?:turning|turned|going|gone|is|are|looks?|face is|lips are) (?:<ADV>)(?:blue|purple|grey|gray)\b"
      r"(?! (?:in the face from|eyes|hair|shirt|dress))|\b(?:blue|purple) lips\b")
_rule(_MED, _HIGH, "bleed",
      r"\b(?:bleeding|bleed|bled) (?:<ADV>)(?:a lot|heavily|badly|profusely|out|everywhere|so much|too much|"
      r"like crazy|nonstop|non stop|and it wont stop|that wont stop|to death|through|all over|really bad|"
      r"uncontrollably)\b|\b(?:wont|cant|doesnt|will not|can not|cannot|does not|isnt|is not|wouldnt)"
      r" (?:<ADV>)stop (?:the )?bleeding\b|\blosing (?:a lot of |so much |too much |lots of )?blood\b|"
      r"\b(?:lot|lots|pool|puddle) of blood\b")
_rule(_MED, _HIGH, "swell",
      r"\b(?:throat|tongue|lips?|face|airway|mouth) (?:is |are |feels |s |keeps )?(?:<ADV>)(?:swelling|swollen|"
      r"closing|closing up|tight and|blowing up)\b")
_rule(_MED, _HIGH, "stroke cant",
      r"\b(?:face|mouth|smile) (?:is |s )?(?:<ADV>)(?:drooping|droopy|numb on one side|lopsided)\b|\bslurr(?:ed|ing)"
      r" (?:<ADV>)(?:speech|words|my words|his words|her words|their words)\b|\b(?:cant|can not|cannot|"
      r"suddenly cant) (?:<ADV>)(?:move|feel|lift) (?:my|his|her) (?:left |right )?(?:arm|leg|side|face|hand)\b"
      r"(?! (?:from|after|because|when))|\bnumb(?:ness)? (?:on|in|down) (?:one side|my left side|my right side|"
      r"the left side|the right side|half my)\b|\b(?:worst|thunderclap|explosive) headache (?:of my life|"
      r"ever|ive ever had|i ve ever had|i have ever had)?\b|\bsudden (?:severe|excruciating|blinding) headache\b")
_rule(_MED, _HIGH, "amb",
      r"\b(?:call|calling|get|need|send|sending) (?:me |us |him |her )?(?:an? )?ambulance\b|"
      r"\b(?:call|calling|called|dial|dialing|dialed|phone|ring|should i call|do i call) (?:911|999|112|000|an "
      r"ambulance|emergency services|the paramedics|paramedics)\b|\bneed (?:an? )?(?:paramedics?|"
      r"emergency help|urgent help|medical help (?:now|right now|asap|immediately)|a doctor (?:now|right now|"
      r"asap|immediately))\b|\b(?:this is|its|it is|having|i have|we have|there s|theres|got) (?:a |an )"
      r"(?:medical )?emergency\b")
_rule(_MED, _MEDIUM, "dying",
      r"\b(?:im|i am|i m|i think im|i feel like im|feels like im|i think i am|i feel like i am|i feel like i m|"
      r"i think i m|think im|pretty sure im|i might be|might be) (?:<ADV>)dying\b(?! (?:to|for|of|inside|"
      r"laughing|here|lol|lmao|haha\w*|from (?:cringe|embarrassment|laughter)|over|at|with|in (?:here|this)))",
      neg=True)
_rule(_MED, _MEDIUM, "die faint breath attack",
      r"\bfeel(?:s|ing)? like (?:im|i am|i m|i|i d|id) (?:<ADV>)(?:going to|gonna|about to|will|wil|could|might)"
      r" (?:<ADV>)(?:die|pass out|faint|have a heart attack|stop breathing|collapse)\b", neg=True)
_rule(_MED, _HIGH, "accident",
      r"\b(?:hit by a car|got hit by a car|was hit by a car|car accident|car crash|fell down the stairs and|"
      r"hit my head and|broken neck|head injury and|electrocuted|severe burns|house is on fire|caught fire and)\b"
      r"(?! (?:years|last year|as a kid|when i was))")

# ---- Violence or abuse against the visitor ------------------------------------------------
# Someone else is the danger and the visitor (or their child) the target. Childhood or long-past
# abuse ("when i was a kid") is MENTION, not a crisis. The visitor's own intent to hurt someone is
# counted here too: the answer (911, 988, a person) is the same, and a miss could cost a life.
_rule(_V, _MEDIUM, "abuse",
      r"\b<PERSON> (?:<ADV>)(?:\w+ )?(?:hits|hit|hitting|beats|beat|beating|punches|punched|punching|kicks|"
      r"kicked|kicking|slaps|slapped|slapping|chokes|choked|choking|strangles|strangled|strangling|hurts|"
      r"hurt|hurting|abuses|abused|abusing|rapes|raped|raping|assaults|assaulted|assaulting|molests|"
      r"molested|molesting|attacks|attacked|attacking|threatens|threatened|threatening|stalks|stalked|"
      r"stalking|shoves|shoved|shoving|burns|burned|burnt|grabs|grabbed|grabbing|bruised|bruises|forces|"
      r"forced|forcing|touches|touched|touching|drugged|tied|ties|locks|locked|traps|trapped|beat up|"
      r"beats up|beating up|smacks|smacked|smacking|throws things at|threw things at|throws stuff at|spits on|"
      r"spat on|bites|pinned|pins|strikes|struck|whips|whipped|belts|belted|batters|battered|terrorizes|"
      r"terrorises|tortures|tortured|stabbed|stabs|shot at|shoots at|pushes|pushed|pushing|kidnapped|"
      r"isolates|controls|punished|punishes|threw|throws|dragged|drags|choke|hit|rape|sexually assaulted)"
      r" (?:<ADV>)(?:me|my (?:face|head|body|kids|children|child|son|daughter|baby|stomach|belly|neck|arm|arms|"
      r"ribs|back|throat|legs?))\b(?! (?:at|in (?:chess|cards|a game|the game|games)|to it|up|with "
      r"(?:the|a|his|her|their)? ?(?:questions|calls|texts|emails|bill|fee|charge|price|news|paperwork|facts|"
      r"truth|reality|kindness|love|compliments)|so hard with|off guard|hard emotionally|emotionally|"
      r"by surprise|to (?:go|do|try|get|see|book|call|apply|finish|eat|exercise|start|keep|take|be|come)|"
      r"into (?:therapy|going|trying|doing|seeing|booking|getting|treatment)|towards|forward|out of my "
      r"comfort|on the (?:shoulder|arm|back)|in a good way|deeply|feelings|up for|down the aisle|"
      r"with his words|with her words))", past=True)
_rule(_V, _HIGH, "kil abuse",
      r"\b<PERSON> (?:<ADV>)(?:\w+ ){0,2}?(?:threaten(?:ed|s|ing)?|going|gonna|gon|is going|will|wil|wants?|"
      r"wanted|trying|tried|try|promised|swore|swears|said (?:he|she|they)(?:d| would| will| is going| was "
      r"going)|says (?:he|she|they)(?:ll| will| is going| s going| are going| re going)?|is gonna|about|"
      r"might|could|is coming|s coming|came|come) (?:to )?(?:<ADV>)(?:kil|murder|shoot|stab|strangle|choke|"
      r"drown|poison|hurt|beat|burn|rape|hit|attack|break|cut|smother|run over|beat up|get) (?:me|us|my "
      r"(?:kids|children|son|daughter|baby|family|child|dog|cat)|my life)\b"
      r"(?!(?: \w+){0,6} (?:late|forget\w*|forgot|miss\w*|spend\w*|spent|bill|bills|price|cost|costs|money|"
      r"eat\w*|lol|haha\w*|lmao|joking|kidding|jk)\b)(?! (?:hard|emotionally|with (?:kindness|love)))")
_rule(_V, _HIGH, "abuse kil",
      r"\bthreaten(?:ed|s|ing)? (?:to )?(?:<ADV>)(?:kil|murder|shoot|stab|hurt|beat|rape|burn|strangle|choke|"
      r"take my kids|take the kids) (?:me|us|my)\b|\b(?:tried|trying|try) to (?:kil|strangle|choke|drown|"
      r"smother|poison|stab|shoot|run over|suffocate) (?:me|us)\b")
_rule(_V, _MEDIUM, "fear",
      r"\b(?:not|dont feel|do not feel|never feel|dont|arent|isnt|no longer|doesnt feel|don t feel|never) "
      r"(?:<ADV>)(?:feel )?(?:<ADV>)safe (?:at home|in (?:my|our|the) (?:own )?(?:home|house|apartment|flat|"
      r"room|relationship|family|bed)|with (?:him|her|them|my \w+)|around (?:him|her|them|my \w+)|living "
      r"with|anymore|at night|in my own home|going home|near (?:him|her|them))\b")
_rule(_V, _MEDIUM, "fear",
      r"\b(?:im|i am|i m|we re|we are|were|i dont think im|i dont think i am|i feel) (?:<ADV>)not safe\b"
      r"(?! (?:to drive|driving|to be driving|behind the wheel|to work|to take|with (?:ketamine|the treatment|"
      r"my meds)|for (?:ketamine|the treatment|this|infusions?)|candidates?|candidate))")
_rule(_V, _MEDIUM, "fear",
      r"\b(?:scared|afraid|terrified|frightened|fearful|in fear|fear|fearing|scared to death) (?:of|for) (?:<ADV>)"
      r"(?:my life|my safety|my kids safety|my childrens safety|(?:him|her|them)(?! getting| being)|"
      r"my (?:partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|dad|father|mom|mother|stepdad|stepfather|"
      r"brother|roommate|landlord|spouse|fiance|fiancee|son|uncle|parents|family|neighbou?r|boss)"
      r"(?! (?:getting|being|finding out|reaction|judging|knowing)))\b")
_rule(_V, _MEDIUM, "fear",
      r"\b(?:scared|afraid|terrified|frightened) (?:to|of) (?:go|going) (?:back )?home\b(?! (?:after|alone after|"
      r"by myself after|from the infusion))|\b(?:scared|afraid|terrified) (?:he|she|they|my \w+) (?:will|"
      r"wil|is going to|might|would|d) (?:kil|hurt|hit|beat|find) me\b")
_rule(_V, _MEDIUM, "violent",
      r"\b(?:im|i am|i m|i live|living|stuck|trapped|been|i was|i have been|i ve been) (?:<ADV>)(?:in|with) "
      r"(?:an? )?(?:abusive|violent|dangerous|toxic and abusive|controlling and abusive) (?:\w+)\b|"
      r"\bmy (?:abusive|violent) (?:\w+)\b|\bdomestic (?:violence|abuse) (?:at home|is happening|situation)\b|"
      r"\b(?:victim of|suffering|experiencing|going through|living with) domestic (?:violence|abuse)\b",
      past=True)
_rule(_V, _MEDIUM, "victim",
      r"\b(?:im being|i am being|i m being|i was|i got|ive been|i ve been|i have been|i been|been|getting|being|"
      r"i keep getting|i just got|i just been|i just was|i get|i was being|i got myself|was|got) (?:<ADV>)"
      r"(?:being |been |getting |get )?(?:abused|"
      r"hit|beaten|beaten up|beat up|raped|sexually assaulted|assaulted|molested|attacked|stabbed|shot|"
      r"strangled|choked|threatened|stalked|trafficked|kidnapped|held hostage|held captive|mugged|jumped|"
      r"groomed|drugged|punched|kicked|slapped|strangled|date raped|roofied|spiked)\b"
      r"(?! (?:by (?:the|a|my|this|that|these) (?:bill|fees?|price|side effects?|news|reality|traffic|"
      r"insurance|anxiety|depression|panic|wave|fatigue|ball|car door)|with (?:\w+ ){0,3}(?:bill|fee|charge|"
      r"news|wave|side effects?|fatigue|questions|price|cost|invoice|fine|ticket|reality|truth)|on (?:the )?"
      r"(?:bandwagon|a call|the phone|board)|hard|down|by anxiety|by (?:my )?"
      r"anxiety|up|into|back|at (?:work|school) by (?:the|a) (?:ball|door)|a (?:bill|fee)|again by|"
      r"by a (?:wave|ball)|in (?:the )?(?:face|head) by a (?:ball|door)|by lightning|today by the))",
      past=True)
_rule(_V, _MEDIUM, "follow",
      r"\b(?:someone|somebody|a man|a guy|a stranger|he|she|they|my ex|people|a woman|this guy|this man)"
      r" (?:<ADV>)(?:is|s|are|keeps|has been|have been|been|was|were|re) (?:<ADV>)(?:following|stalking|"
      r"watching|outside|waiting outside|trying to (?:get|break) in|breaking in|broke in|banging on|"
      r"threatening)\b(?: (?:me|my (?:house|home|door|apartment|window|car|flat)|the (?:door|house|window)))?"
      r"(?! (?:on (?:instagram|social|twitter|tiktok|facebook|youtube|insta|ig|x)|my (?:advice|instructions|"
      r"lead|example|progress|blog|account|posts?)|the (?:rules|instructions|news|game|protocol|"
      r"guidelines)|(?:a |the )?(?:tv|movie|show|news|film|game|series)|along|up|through|closely|"
      r"me on))")
_rule(_V, _HIGH, "follow",
      r"\b(?:someone|somebody|a man|a guy|people|they|he|she|a stranger|my ex|intruder|burglar)s? (?:is |s |are |"
      r"just |has |have |re )?(?:trying to )?(?:break(?:ing)? in(?:to)?|broke in(?:to)?)\b|"
      r"\b(?:held against my will|wont let me (?:leave|go|out)|will not let me (?:leave|go)|locked me (?:in|up)|"
      r"holding me (?:hostage|captive|prisoner)|kidnapped me|i ve been kidnapped|ive been kidnapped|"
      r"being trafficked|im being held|i am being held|has a gun to my|pointing a gun at me|"
      r"pointed a gun at me|has a knife to my|held a knife to my|came at me with a)\b")
_rule(_V, _MEDIUM, "victim",
      r"\b(?:my|our) (?:kid|kids|child|children|son|daughter|baby|toddler|little (?:boy|girl)) (?:is|are|s|was|"
      r"were|has been|have been|got|gets|keeps getting) (?:<ADV>)(?:being )?(?:abused|hit|beaten|molested|"
      r"hurt by|raped|touched|assaulted|groomed|threatened)\b")
_rule(_V, _MEDIUM, "kil abuse",
      r"\b<INTENT> (?:<ADV>)(?:kil|murder|shoot|stab|strangle|choke|poison|hurt|beat up|run over|attack|"
      r"smother|strangle|drown) (?:him|her|them|someone|somebody|people|everyone|everybody|my (?:\w+ )?"
      r"(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mom|mother|brother|sister|son|daughter|"
      r"kids|baby|boss|coworker|neighbor|neighbour|roommate|family|children|child|teacher|parents|"
      r"therapist|doctor)|a (?:person|man|woman|kid|child|cop)|people at \w+|my ex)\b"
      r"(?! (?:in|at|on) (?:the )?(?:game|chess|cards|checkers|tennis)|lol|haha\w*|lmao|if (?:he|she|they) "
      r"(?:dont|doesnt|forget|eat|touch|take))", neg=True)
_rule(_V, _HIGH, "abuse",
      r"\bshoot up (?:the|my|a|this|that) (?:school|office|workplace|church|mall|class|classroom|store|"
      r"mosque|synagogue|temple|concert)\b")

# ---- The topic itself ----------------------------------------------------------------------
# Naming suicide, self-harm or an eating disorder is RISK by default: people who live with it
# talk about it in every tone ("I started self harming at 12", "SH is the lesser evil"). It is
# MENTION only when the framing says topic: a question about others with no first person in it
# ("why do people self-harm?"), a definition, a treatment question, a negation, prevention
# vocabulary. Overdose as a word stays MENTION ("can you overdose on ketamine?").
_rule(_S, _MEDIUM, "suic self kil unal end cut ed die live",
      r"\b(?:<SUIC>|<SELFHARM>|kil\w* (?:<ANYSELF>|oneself)|unaliv\w*|(?:took|take|taking|end|ended|ending) "
      r"(?:his|her|their|your|one s|ones) (?:own )?li(?:fe|ves)|eating disorders?|anorexi\w*|bulimi\w*|"
      r"cutting <ANYSELF>|death wish|end it all|want to die|wanting to die)",
      neg=True, topic=True)
_rule(_O, _MEDIUM, "od poison lethal",
      r"\b(?:overdos\w*|(?:od|o d)(?= on))\b<OD_NOT>|\b(?:od ing|poisoning|poisoned|lethal|toxic dose|toxicity)\b",
      level=RiskLevel.MENTION)


# Messages this short that name suicide or self-harm are treated as risk ("suicidal", "self harm
# help", "suicide?"): with so few words nothing says it is only a topic.
_SHORT_TOPIC_WORDS = 4
_TOPIC_QUESTION = _c(
    r"\b(?:what|whats|why|how|define|definition|meaning|mean|means|rate|rates|statistics|stats|prevention|"
    r"awareness|month|day|week|squad|doors?|is|are|does|do|can|could|should|ketamine|treatment|help with|"
    r"facts|research|history|policy|signs|warning|hotline|line|number|crisis line|not|never|no|dont|"
    r"wasnt|isnt|former|past|movie|film|book|song|lyrics|band|game)\b"
)

_PAST_CONTEXT = _c(
    r"\b(?:as a (?:child|kid|teen|teenager|little girl|little boy|young \w+|baby|toddler|student)|when i "
    r"was (?:a (?:child|kid|teen|teenager|little|baby|student)|young|little|younger|small|in school|\d+)|"
    r"in my childhood|growing up|years ago|childhood|in the past|used to|decades ago|long time ago|"
    r"long ago|back then|my ex (?:used to|did)|previous relationship|past relationship|former)\b"
)

_PRIORITY = {_O: 0, _S: 1, _V: 2, _MED: 3}

# Rules by the trigger keys of their first group, in definition order.
_RULES_BY_KEY: dict[str, list[int]] = {}
for _i, _r in enumerate(_RULES):
    for _group in _r.keys:
        for _k in _group:
            if _k not in _TRIGGERS:
                raise ValueError(f"rule {_i} uses unknown trigger key {_k!r}")
    for _k in _r.keys[0]:
        _RULES_BY_KEY.setdefault(_k, []).append(_i)

# Rules and masks read only the text around their trigger words: this many characters before and
# after each one (longer than any pattern reaches from its trigger word).
_BEFORE, _AFTER = 130, 130


class _Hit(NamedTuple):
    level: RiskLevel
    category: RiskCategory
    severity: str
    start: int
    end: int
    topic: bool = False


_TOKEN_CACHE: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}


def _token_triggers(token: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The trigger words in one whitespace token ("die." -> (("die", {"die", ...}),)), cached."""
    found = _TOKEN_CACHE.get(token)
    if found is None:
        words = (token,) if token.isalnum() else tuple(_WORD_RE.findall(token))
        found = tuple((word, keys) for word in words if (keys := _word_keys(word)))
        if len(_TOKEN_CACHE) > 50_000:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[token] = found
    return found


def _occurrences(sq: str) -> dict[str, list[tuple[int, int]]]:
    """Where each trigger key occurs: key -> [(start, end) of a whole word]."""
    found: dict[str, list[tuple[int, int]]] = {}
    n = len(sq)
    cached = _TOKEN_CACHE.get
    words: dict[str, frozenset[str]] = {}
    for token in set(sq.split()):
        entries = cached(token)
        if entries is None:
            entries = _token_triggers(token)
        for word, keys in entries:
            words[word] = keys
    for word, keys in words.items():
        size = len(word)
        i = sq.find(word)
        while i >= 0:
            j = i + size
            if (i == 0 or not sq[i - 1].isalnum()) and (j >= n or not sq[j].isalnum()):
                for key in keys:
                    found.setdefault(key, []).append((i, j))
            i = sq.find(word, j)
    return found


class _Spans:
    """The windows of the text that a rule (or mask) with the given keys must read."""

    def __init__(self, sq: str, occurrences: dict[str, list[tuple[int, int]]] | None) -> None:
        self.sq = sq
        self.occurrences = occurrences
        self.cache: dict[frozenset | tuple, list[tuple[int, int]]] = {}

    def __call__(self, keys: Iterable[str]) -> list[tuple[int, int]]:
        if self.occurrences is None:
            return [(0, len(self.sq))]
        keys = keys if isinstance(keys, (frozenset, tuple)) else tuple(keys)
        spans = self.cache.get(keys)
        if spans is None:
            spans = self.cache[keys] = self._build(keys)
        return spans

    def _build(self, keys) -> list[tuple[int, int]]:
        # No pattern reaches across a sentence end ("." or "?"), so a window is the sentence around
        # the trigger word, cut to _BEFORE/_AFTER characters either side.
        sq, n = self.sq, len(self.sq)
        places = sorted(p for k in keys for p in self.occurrences.get(k, ()))
        merged: list[list[int]] = []
        for s, e in places:
            lo, hi = max(0, s - _BEFORE), min(n, e + _AFTER)
            ws = max(sq.rfind(".", lo, s), sq.rfind("?", lo, s)) + 1 or lo
            if ws < lo:
                ws = lo
            stops = [i for i in (sq.find(".", e, hi), sq.find("?", e, hi)) if i >= 0]
            we = min(stops) + 1 if stops else hi
            if merged and ws <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], we)
            else:
                merged.append([ws, we])
        out = []
        for ws, we in merged:
            while we < n and sq[we].isalnum():  # never end a window inside a word
                we += 1
            out.append((ws, we))
        return out


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "~" * (end - start) + text[end:]


_OD_WORDS = _c(r"overdos|\bod\b|lethal|poison|toxic")
_SH_WORDS = _c(r"<SUIC>|<SELFHARM>|kil|die|dying|unaliv|cut|eating|anorex|bulimi|life|lives")


def _scan(sq: str, hits: list[_Hit], gate: bool = True) -> None:
    if gate:
        occurrences = _occurrences(sq)
        if not occurrences:
            return
        present = occurrences.keys()
        rule_ids = sorted(
            i
            for i in {i for key in present for i in _RULES_BY_KEY.get(key, ())}
            if all(not present.isdisjoint(group) for group in _RULES[i].keys[1:])
        )
    else:
        occurrences, present, rule_ids = None, _TRIGGERS.keys(), range(len(_RULES))
    spans = _Spans(sq, occurrences)

    text = sq
    for mask_keys, rx in _IDIOM_RE:
        if mask_keys.isdisjoint(present):
            continue
        for ws, we in spans(mask_keys):
            for m in rx.finditer(text, ws, we):
                text = _blank(text, m.start(), m.end())
    if not _MENTION_KEYS.isdisjoint(present):
        for index, (mask_keys, rx) in enumerate(_MENTION_RE):
            for ws, we in spans(mask_keys):
                for m in rx.finditer(text, ws, we):
                    if index == _GRIEF_MASK and _PERSONAL_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                        continue
                    piece = sq[m.start():m.end()]
                    category = _O if _OD_WORDS.search(piece) and not _SH_WORDS.search(piece) else _S
                    hits.append(_Hit(RiskLevel.MENTION, category, _MEDIUM, m.start(), m.end()))
                    text = _blank(text, m.start(), m.end())

    seen: set[tuple[int, int]] = set()
    for i in rule_ids:
        rule = _RULES[i]
        for ws, we in spans(rule.keys[0]):
            for m in rule.regex.finditer(text, ws, we):
                span = (i, m.start())
                if span in seen:  # overlapping windows of one rule
                    continue
                seen.add(span)
                level = rule.level
                if level is RiskLevel.RISK:
                    if rule.category is _O and _HYPOTHETICAL.search(text, max(0, m.start() - 40), m.start()):
                        continue  # "what if i took all my pills": a question, the method rules decide
                    if rule.negatable and _NEG_TAIL.search(text, max(0, m.start() - 60), m.start()):
                        # "i'm not going to kill myself" still talks about suicide: MENTION.
                        # "no chest pain" is simply not an emergency: nothing.
                        if rule.category in (_MED, _V):
                            continue
                        level = RiskLevel.MENTION
                    elif rule.past_context_is_mention and _PAST_CONTEXT.search(text):
                        level = RiskLevel.MENTION
                hits.append(_Hit(level, rule.category, rule.severity, m.start(), m.end(), rule.topic))


_QUESTION_START = _c(
    r"^(?:(?:so|and|but|ok|okay|hi|hello|hey|please|um|also|just|quick question|question) )*(?:what|whats|why|how|"
    r"when|where|who|whom|whose|which|is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|may|"
    r"might|isnt|arent|doesnt|dont|didnt|cant|wont|explain|define|describe|according to|in what|in which|at what)\b"
)
_POLITE_ME = _c(
    r"\b(?:(?:can|could|would|will) you (?:please )?)?(?:tell|give|show|explain to|help) me(?: understand)?\b|"
    r"\bi (?:wonder|was wondering|am wondering|m wondering)(?: if| whether| why| how| what)?\b|\bi (?:mean|guess)\b"
)
_FIRST_PERSON = _c(r"\b(?:i|im|ive|id|il|i m|i ve|i d|i l|me|my|mine|myself|meself)\b")


def _impersonal_question(sq: str) -> bool:
    """A question about other people or the topic in general, with no 'I', 'me' or 'my' in it."""
    text = _POLITE_ME.sub(" ", sq).strip()
    if not (_QUESTION_START.search(text) or text.endswith("?")):
        return False
    return not _FIRST_PERSON.search(text)


_MENTION_PRIORITY = {_S: 0, _O: 1, _V: 2, _MED: 3}


def _assess(text: str, gate: bool = True) -> RiskAssessment:
    norm = normalise(text)
    if not norm:
        return _NONE
    sq = _squeeze(norm)
    hits: list[_Hit] = []
    _scan(sq, hits, gate)
    if not hits:
        return _NONE

    risk = [h for h in hits if h.level is RiskLevel.RISK]
    if risk and all(h.topic for h in risk) and _impersonal_question(sq):
        # "why do people self-harm?", "how common is suicide in teens?": the topic, asked about others
        hits = [h._replace(level=RiskLevel.MENTION) if h.level is RiskLevel.RISK else h for h in hits]
        risk = []
    if not risk:
        mentions = sorted(hits, key=lambda h: h.start)
        # A very short message that names the topic is a cry for help, not a question about it.
        words = _WORD_RE.findall(sq)
        if (
            len(words) <= _SHORT_TOPIC_WORDS
            and not _TOPIC_QUESTION.search(sq)
            and any(h.category in (_S, _O) for h in mentions)
        ):
            risk = [h._replace(level=RiskLevel.RISK) for h in mentions]
        else:
            category = min((h.category for h in mentions), key=_MENTION_PRIORITY.__getitem__)
            return RiskAssessment(RiskLevel.MENTION, category, _evidence(norm, sq, mentions))

    high = any(h.severity == _HIGH for h in risk) or bool(_IMMINENT.search(sq))
    best = min(risk, key=lambda h: (h.severity != _HIGH, _PRIORITY[h.category], h.start))
    return RiskAssessment(RiskLevel.RISK, best.category, _evidence(norm, sq, risk), _HIGH if high else _MEDIUM)


def _evidence(norm: str, sq: str, hits: list[_Hit]) -> tuple[str, ...]:
    span_map = _SpanMap(norm) if len(norm) != len(sq) else None
    spans = sorted({(h.start, h.end) for h in hits})
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[str] = []
    for s, e in merged[:8]:
        if span_map:
            s, e = span_map(s), span_map(e)
        piece = norm[s:e].strip(" .?")
        if piece and piece not in out:
            out.append(piece)
    return tuple(out)


def assess(text: str) -> RiskAssessment:
    """Assess one visitor message. Never raises; any input (None, huge text) gets an answer."""
    try:
        return _assess(text)
    except Exception:  # pragma: no cover - a detector bug must not silence the crisis path
        # Fail safe: an unexpected error on a message that mentions a risk stem is treated as risk.
        try:
            lowered = str(text)[:MAX_SCAN_CHARS].lower()
        except Exception:
            return _NONE
        if re.search(r"suicid|kill|die|overdose|pills|hurt|chest|breath", lowered):
            return RiskAssessment(RiskLevel.RISK, RiskCategory.SUICIDE_SELF_HARM, (), _MEDIUM)
        return _NONE
