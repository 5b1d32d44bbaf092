"""The risk detector on adversarial messages: long, repetitive, obfuscated, in other scripts.

What a visitor would notice: a crisis is still found at the end of a long message full of noise,
through zero-width characters, emoji and look-alike letters, and every message, however odd, gets
an answer. How fast is not tested here (it depends on the machine): bench/risk_detector_bench.py
times the same kinds of input and prints the slowest.
"""
from __future__ import annotations

import pytest

from clinic_assistant.risk import MAX_SCAN_CHARS, RiskAssessment, RiskCategory, RiskLevel, assess, normalise
from clinic_assistant.risk.lexical import engine, starts
from clinic_assistant.risk.lexical.engine import _assess
from clinic_assistant.risk.lexical.normalisation import TEXT_ALPHABET, squeeze

S = RiskCategory.SUICIDE_SELF_HARM
CRISIS = " i want to kill myself"


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Inputs of about 4,000 characters that once made normalisation or matching slow (each step that
# re-read a run of characters from each of them), or that stress one step of the detector.
ADVERSARIAL = {
    "leetspeak run": _fill("a1", 4000),
    "leetspeak word": _fill("k1l", 4000),
    "leet ! and |": _fill("a!|", 4000),
    "one 4000-letter word": _fill("abcdefghijklmnopqrstuvwxyz", 4000),
    "one repeated letter": "a" * 4000,
    "letters then one censor star": "a" * 3999 + "*",
    "censored words": _fill("k*ll ", 4000),
    "spaced letters": _fill("k i l l ", 4000),
    "dotted letters": _fill("k.i.l.l.", 4000),
    "dots": "." * 4000,
    "zero-width characters": "\u200b" * 4000,
    "zero-width inside words": _fill("k\u200bi\u200bl\u200bl ", 4000),
    "emoji": _fill("\U0001F48A\U0001FAA2\U0001F480", 4000),
    "one emoji repeated": "\U0001FAA2" * 4000,
    "mixed scripts": _fill("кіll mуsеlf ", 4000),
    "other scripts": _fill("привет мир 你好世界 ", 4000),
    "combining accents": "e" + "\u0301" * 3999,
    "risk words": _fill("kill die suicide myself pills end life rope jump cut hurt overdose chest ", 4000),
    "intent words": _fill("will can wish want thinking might would could have got plan should need ", 4000),
    "repeated crisis": _fill("i want to die. ", 4000),
    "repeated idiom": _fill("my anxiety is killing me ", 4000),
    "repeated negation": _fill("i dont want to kill myself ", 4000),
    "repeated grief": _fill("my brother committed suicide ", 4000),
    "short sentences": _fill("noose died. ", 4000),
    "ordinary text": _fill("what does the first consultation cost and how long does it take? ", 4000),
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_every_adversarial_message_gets_an_answer(name):
    text = ADVERSARIAL[name]
    result = assess(text)
    assert isinstance(result, RiskAssessment)
    assert result.level in (RiskLevel.NONE, RiskLevel.MENTION, RiskLevel.RISK)
    assert _assess(text) == result  # the engine itself answered: assess() did not fall back on an error
    assert set(normalise(text)) <= TEXT_ALPHABET


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_a_crisis_at_the_end_of_a_long_adversarial_message_is_still_found(name):
    noise = ADVERSARIAL[name][: 4000 - len(CRISIS)]
    result = assess(noise + CRISIS)
    assert result.is_risk and result.category is S, (name, result)
    if not assess(noise).is_risk:  # the crisis is what made it risk, and it is quoted
        assert any("kill myself" in piece for piece in result.evidence), result.evidence


@pytest.mark.parametrize("name", ["leetspeak run", "one emoji repeated", "zero-width characters", "dots"])
def test_a_crisis_after_more_than_the_scan_limit_is_still_found(name):
    # Past MAX_SCAN_CHARS the detector reads the head and the tail of the message.
    text = (ADVERSARIAL[name] * 5)[: 3 * MAX_SCAN_CHARS] + CRISIS
    assert assess(text).is_risk


@pytest.mark.parametrize(
    "text",
    [
        "k\u200bill myself",
        "i want to k\u200bi\u200bl\u200bl m\u200by\u200bs\u200be\u200bl\u200bf",
        "i want to d\u200ci\u200de",
        "ki\u00adll myself",  # soft hyphen
        "\ufeffi want to kill myself",  # byte-order mark
        "\u200b" * 3000 + "i want to die",
    ],
)
def test_zero_width_characters_do_not_hide_a_crisis(text):
    result = assess(text)
    assert result.is_risk and result.category is S, result


@pytest.mark.parametrize(
    "text,evidence,severity",
    [
        ("i want to \U0001FAA2", "want to rope", "high"),
        ("i want to jump off a \U0001F309", "want to jump off a bridge", "high"),
        ("how many \U0001F48A would it take", "how many pills would it take", "high"),
        ("wanna \U0001F480", "wanna skull", "medium"),
    ],
)
def test_emoji_for_a_method_are_read_as_the_word(text, evidence, severity):
    result = assess(text)
    assert result.is_risk and result.category is S and result.severity == severity, result
    assert evidence in result.evidence


def test_an_emergency_emoji_with_an_emergency():
    result = assess("\U0001F691 my friend collapsed")
    assert result.is_risk and result.category is RiskCategory.MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i want to кill myѕelf",  # Cyrillic к and ѕ
        "i want to κill myself",  # Greek kappa
        "і wаnt tо dіе",  # Cyrillic і, а, о, е
        "ｉ ｗａｎｔ ｔｏ ｄｉｅ",  # full-width
        "i want to 𝐤𝐢𝐥𝐥 myself",  # mathematical bold
    ],
)
def test_look_alike_letters_from_other_scripts_do_not_hide_a_crisis(text):
    result = assess(text)
    assert result.is_risk and result.category is S, result


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_reading_only_where_patterns_can_start_never_changes_the_decision(name):
    """The gated scan (trigger words, windows, start filter) agrees with running every pattern on the
    whole text, on adversarial input too."""
    text = ADVERSARIAL[name][:1500] + CRISIS
    fast, full = _assess(text), _assess(text, gate=False)
    assert (fast.level, fast.category, fast.severity) == (full.level, full.category, full.severity)


SAMPLES = [squeeze(normalise(text)) for text in ADVERSARIAL.values()] + [
    squeeze(normalise(text))
    for text in (
        "i want to kill myself",
        "my brother killed himself last year. i lost my brother, he killed himself.",
        "does ketamine help people with suicidal thoughts? what is suicide",
        "i took a whole bottle of pills and now my chest hurts and i cant breathe",
        "my partner hits me when i was a kid. im not safe at home",
        "how many pills would it take to die. whats the easiest way to end it all",
        "i dont want to be here anymore, everyone would be better off without me",
    )
]


def test_the_start_filter_finds_exactly_what_each_pattern_finds():
    """starts.py tries a pattern only at the word starts whose first letters it can begin with;
    on every sample, every rule and mask must find the same matches as reading every character."""
    patterns = [m.regex for m in engine.IDIOMS + engine.MENTIONS] + [rule.regex for rule in engine.RULES]
    for sq in SAMPLES:
        text_starts = engine._START_FILTER.index(sq)
        n = len(sq)
        windows = [(0, n), (0, n // 2), (n // 3, n), (n // 4, n // 4 + 200)]
        for number, rx in enumerate(patterns):
            for start, end in windows:
                expected = [m.span() for m in rx.finditer(sq, start, end)]
                found = [m.span() for m in starts.finditer(rx, sq, start, end, text_starts.of(number))]
                assert found == expected, (rx.pattern[:80], sq[:80], start, end)


@pytest.mark.parametrize("text", list(ADVERSARIAL.values())[::3] + SAMPLES)
def test_the_start_filter_on_every_pattern_never_changes_the_decision(text, monkeypatch):
    """The engine uses the start filter only on long texts dense with trigger words; forced on for
    every text and pattern, it must still decide as running every pattern everywhere."""
    for name, value in (("_FILTER_TEXT_FROM", 0), ("_FILTER_READS", 0), ("_FILTER_WINDOWS_FROM", 0),
                        ("_FILTER_SHARE", 10**9)):
        monkeypatch.setattr(engine, name, value)
    text = text[:1500] + CRISIS
    fast, full = _assess(text), _assess(text, gate=False)
    assert (fast.level, fast.category, fast.severity, fast.evidence) == (
        full.level, full.category, full.severity, full.evidence)


def test_what_precedes_a_match_is_read_with_one_character_of_look_behind_at_most():
    """The engine remembers a negation or hypothetical by the text just before a match plus one
    character (for \\b), and reads a mask exception with a margin: none may look further back."""
    for rx in (engine.context.NEG_TAIL, engine.context.HYPOTHETICAL):
        assert "(?<" not in rx.pattern
    for mask in engine.MENTIONS:
        if mask.unless_before is not None:
            assert "(?<" not in mask.unless_before.pattern


def _reference_windows(sq: str, places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The windows as first written: each word's sentence cut to 130 characters either side, read
    with str.find, merged one word at a time."""
    n, merged = len(sq), []
    for s, e in sorted(places):
        lo, hi = max(0, s - 130), min(n, e + 130)
        ws = max(sq.rfind(".", lo, s), sq.rfind("?", lo, s)) + 1 or lo
        stops = [i for i in (sq.find(".", e, hi), sq.find("?", e, hi)) if i >= 0]
        we = min(stops) + 1 if stops else hi
        if merged and ws <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], we)
        else:
            merged.append([ws, we])
    out = []
    for ws, we in merged:
        while we < n and sq[we].isalnum():
            we += 1
        out.append((ws, we))
    return out


@pytest.mark.parametrize("sq", SAMPLES + [squeeze(normalise(_fill("kill me. " + "x " * 70 + "die? ", 4000)))])
def test_windows_are_those_of_the_word_by_word_reference(sq):
    words = engine._words(sq)
    windows = engine._Windows(sq, words)
    keysets = {rule.keys[0] for rule in engine.RULES} | {mask.keys for mask in engine.IDIOMS + engine.MENTIONS}
    for keys in keysets:
        places = [(s, words.ends[s]) for key in keys for s in words.places.get(key, ())]
        assert windows(keys) == _reference_windows(sq, places), keys
