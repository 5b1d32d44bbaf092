"""Text normalisation: the text the detector reads, and the squeezed text its patterns match.

`normalise()` makes the text matchable: at most MAX_SCAN_CHARS are read (the head and the tail of a
longer text); NFKC, accents stripped, lower case, look-alike letters and risk emoji mapped to words,
leetspeak inside words ("k1ll"), censored words ("k*ll"), letters spelled out with spaces or dots
("k i l l", "k.m.s"), apostrophes dropped ("don't" -> "dont"), all other punctuation to spaces except
sentence ends ("." and "?"), which bound every pattern. The result contains only a-z, 0-9, single
spaces, "." and "?" (TEXT_ALPHABET); the pattern start filter (starts.py) relies on it.

`squeeze()` drops repeated letters for matching ("diiiie" -> "die", "kill" -> "kil"); `SpanMap`
maps offsets in the squeezed text back to the normalised text, which evidence is quoted from.

Every step is linear in the length of the text: no step re-reads a token, a run of letters or a run
of separators from each of its characters.
"""
from __future__ import annotations

import bisect
import re
import unicodedata

# The characters normalise() can return. Masks later blank matched words out with "~".
TEXT_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 .?")

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
_VANISH = "'`´‘’ʼ′" "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\ufe0e\ufe0f\u180e"
_CHAR_MAP.update({ord(c): "" for c in _VANISH})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

# Leetspeak is decoded only inside a word that mixes letters with 0 1 3 4 5 7 @ $ ! |, and never
# in number-plus-unit tokens ("50mg", "3pm", "2nd"), so prices and doses stay intact.
_LEET_CHARS = "0134579@$!|"
# A token is a run of letters, digits and @ $ ! |; it is decoded when a leet character in it touches a
# letter: a letter before it, or (for all but "!") a letter after it. The lazy prefix only ever runs
# inside one token (the look-behind pins the start to a token start), so the search is linear even
# for a single 4,000-character token such as "a1a1a1...".
_LEET_WORD = re.compile(
    r"(?<![a-z0-9@$!|])[a-z0-9@$!|]*?(?:[a-z][0134579@$!|]|[0134579@$|][a-z])[a-z0-9@$!|]*"
)
_HAS_LETTER = re.compile(r"[a-z]")
_UNIT_TOKEN = re.compile(
    r"\d+(?:mg|mcg|ug|g|kg|lbs?|ml|l|cc|iu|st|nd|rd|th|am|pm|x|k|m|h|hrs?|mins?|s|secs?|d|days?|wks?|w|"
    r"yo|yrs?|y|kms?|mi|ft|cm|mm|in|oz|pcs?|ish)?"
)
_LEET_TABLE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
)

# Censored words ("k*ll", "s*icide") are restored when exactly one risk word fits.
# The look-behind only lets a match start where a run of letters starts: every match starts there
# anyway, and without it a long run of letters before one "*" was re-read from each of its letters.
_CENSOR_TOKEN = re.compile(r"(?<![a-z])[a-z]+(?:\*+[a-z]+)+")
_CENSOR_WORDS = (
    "kill", "kills", "killed", "killing", "die", "died", "dying", "dead", "death", "suicide",
    "suicidal", "myself", "self", "harm", "cut", "cutting", "overdose", "hang", "nooze", "rape",
    "raped", "abuse", "abused", "murder", "shoot", "unalive", "wrist", "wrists", "pills", "bleed",
)
# A censored token starts and ends with a letter, so only words of its length with the same first
# and last letter can fit; in the order of _CENSOR_WORDS.
_CENSOR_CANDIDATES: dict[tuple[int, str, str], tuple[str, ...]] = {}
for _word in _CENSOR_WORDS:
    _key = (len(_word), _word[0], _word[-1])
    _CENSOR_CANDIDATES[_key] = (*_CENSOR_CANDIDATES.get(_key, ()), _word)

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
    """Decode leetspeak inside words ("k1ll" -> "kill"), but not in number-plus-unit tokens ("50mg")."""
    return _LEET_WORD.sub(_leet_sub, s)


def _leet_sub(m: re.Match) -> str:
    return _leet_token(m.group())


def _leet_token(tok: str) -> str:
    if _UNIT_TOKEN.fullmatch(tok) or not _HAS_LETTER.search(tok):
        return tok
    core = tok.strip("!")
    if not core:
        return tok
    start = tok.index(core)
    return tok[:start] + core.translate(_LEET_TABLE) + tok[start + len(core):]


def _censor_sub(m: re.Match) -> str:
    tok = m.group()
    fits = [
        w for w in _CENSOR_CANDIDATES.get((len(tok), tok[0], tok[-1]), ())
        if all(a == "*" or a == b for a, b in zip(tok, w, strict=True))
    ]
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
        if not s.isascii():  # (emoji and look-alike letters are ASCII words by now)
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


def squeeze(s: str) -> str:
    """Repeated letters squeezed to one ("diiiie" -> "die"), as every pattern is when it is compiled."""
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


class SpanMap:
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
