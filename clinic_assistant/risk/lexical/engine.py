"""The engine: find the trigger words, run the masks and the rules around them, decide.

1. `normalise()` and `squeeze()` (normalisation.py) give the text the patterns match.
2. Each rule names the trigger words it cannot match without (vocab.TRIGGERS, one cached regex call
   per new word). Only rules whose trigger words occur run, and only on the sentence around each
   occurrence (at most _BEFORE/_AFTER characters either side). On a long text dense with trigger
   words, where the rules would read it many times over, each reads only where a match can start
   (starts.py). This keeps p99 under 1 ms per message and any message of up to 4,000 characters
   well under 15 ms (bench/risk_detector_bench.py).
3. Masks (masks.py) blank out narrow idioms and mark topic talk as MENTION before the rules run.
4. A negatable rule directly preceded by a negation ("I'm not going to kill myself") gives MENTION;
   a negated medical or violence rule ("no chest pain") gives nothing. The level is the highest
   found; the category is the most severe, then the most specific (overdose, suicide, violence,
   medical); severity is "high" for plans, methods, imminence and emergencies.

Every step is linear in the length of the text: one pass over the words, windows built from sorted
positions, each pattern reading each window at most once, mask blanks applied once per window, and
what precedes a match (negation, hypothetical) read once per distinct context.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate, compress, count
from typing import NamedTuple

from clinic_assistant.risk.lexical import context
from clinic_assistant.risk.lexical.masks import IDIOMS, MENTION_KEYS, MENTIONS, Mask
from clinic_assistant.risk.lexical.normalisation import MAX_SCAN_CHARS, SpanMap, normalise, squeeze
from clinic_assistant.risk.lexical.patterns import p
from clinic_assistant.risk.lexical.rules import RULES, RULES_BY_KEY
from clinic_assistant.risk.lexical.starts import StartFilter, TextStarts, finditer
from clinic_assistant.risk.lexical.types import HIGH, MEDIUM, NO_RISK, RiskAssessment, RiskCategory, RiskLevel
from clinic_assistant.risk.lexical.vocab import TRIGGERS

_S = RiskCategory.SUICIDE_SELF_HARM
_O = RiskCategory.OVERDOSE
_MED = RiskCategory.MEDICAL_EMERGENCY
_V = RiskCategory.VIOLENCE_ABUSE
_PRIORITY = {_O: 0, _S: 1, _V: 2, _MED: 3}
_MENTION_PRIORITY = {_S: 0, _O: 1, _V: 2, _MED: 3}

# --------------------------------------------------------------------------------------------
# Trigger words
# --------------------------------------------------------------------------------------------

# One regex call tells which keys a word belongs to (each key is an optional lookahead group).
_KEY_PROBE = re.compile("".join(f"(?:(?=(?P<{name}>{p(src)})$))?" for name, src in TRIGGERS.items()))
_WORD_RE = re.compile(r"[a-z0-9]+")
_KEY_CACHE: dict[str, frozenset[str]] = {}


def word_keys(word: str) -> frozenset[str]:
    """The trigger keys of one word of the squeezed text, cached."""
    found = _KEY_CACHE.get(word)
    if found is None:
        groups = _KEY_PROBE.match(word).groupdict()
        found = frozenset(name for name, value in groups.items() if value is not None)
        if len(_KEY_CACHE) > 50_000:
            _KEY_CACHE.clear()
        _KEY_CACHE[word] = found
    return found


_TOKEN_CACHE: dict[str, tuple[tuple[int, int, frozenset[str]], ...]] = {}


def _token_triggers(token: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """The trigger words in one space-separated token ("die." -> ((0, 3, keys of "die"),)), cached."""
    found = _TOKEN_CACHE.get(token)
    if found is None:
        if token.isalnum():
            keys = word_keys(token)
            found = ((0, len(token), keys),) if keys else ()
        else:
            found = tuple(
                (m.start(), m.end(), keys) for m in _WORD_RE.finditer(token) if (keys := word_keys(m.group()))
            )
        if len(_TOKEN_CACHE) > 50_000:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[token] = found
    return found


class _Words(NamedTuple):
    places: dict[str, list[int]]  # trigger key -> sorted starts of the whole words that have it
    ends: dict[int, int]  # start -> end of each of those words


def _words(sq: str) -> _Words:
    """Where the trigger words are. Each distinct token is looked up once (cached across messages);
    the positions of the tokens are summed up in C, and the tokens with a trigger word are grouped
    by token before their places are listed, one list per token and key."""
    tokens = sq.split(" ")
    triggers = {}
    cached = _TOKEN_CACHE.get
    for token in set(tokens):
        entries = cached(token)
        if entries is None:
            entries = _token_triggers(token)
        if entries:
            triggers[token] = entries
    places: dict[str, list[int]] = {}
    ends: dict[int, int] = {}
    if not triggers:
        return _Words(places, ends)
    at: dict[str, list[int]] = {}  # trigger token -> where it starts
    if len(tokens) <= 64:
        pos = 0
        for token in tokens:
            if token in triggers:
                if token in at:
                    at[token].append(pos)
                else:
                    at[token] = [pos]
            pos += len(token) + 1
    else:  # in C: which tokens have a trigger word, and where each token starts (after the i tokens
        # and i spaces before it)
        lengths = list(accumulate(map(len, tokens), initial=0))
        for i in compress(count(), map(triggers.__contains__, tokens)):
            token = tokens[i]
            if token in at:
                at[token].append(lengths[i] + i)
            else:
                at[token] = [lengths[i] + i]
    mixed: set[str] = set()  # keys of more than one word: their places need sorting
    for token, token_starts in at.items():
        for start, end, keys in triggers[token]:
            starts = [p + start for p in token_starts] if start else token_starts
            size = end - start
            ends.update({p: p + size for p in starts})
            for key in keys:
                if key in places:
                    places[key].extend(starts)
                    mixed.add(key)
                else:
                    places[key] = list(starts)
    for key in mixed:
        places[key].sort()
    return _Words(places, ends)


# --------------------------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------------------------

# Rules and masks read only the text around their trigger words: this many characters before and
# after each one (longer than any pattern reaches from its trigger word).
_BEFORE, _AFTER = 130, 130


def _first_stop(sq: str, start: int, end: int) -> int:
    """Where the first "." or "?" of sq[start:end] is (-1: none)."""
    dot, question = sq.find(".", start, end), sq.find("?", start, end)
    if dot < 0 or 0 <= question < dot:
        return question
    return dot


class _Windows:
    """The windows of the text that a rule (or mask) with the given keys must read: the sentence
    around each occurrence of one of its keys (no pattern reaches across a "." or "?"), cut to
    _BEFORE/_AFTER characters either side, overlapping or touching ones merged, each extended to the
    end of the word it ends in."""

    def __init__(self, sq: str, words: _Words | None) -> None:
        self.sq = sq
        self.words = words
        self.by_keys: dict[frozenset | tuple, list[tuple[int, int]]] = {}
        self.by_present: dict[frozenset, list[tuple[int, int]]] = {}
        self.around: dict[int, tuple[int, int]] = {}
        self.lengths: dict[frozenset | tuple, int] = {}

    def __call__(self, keys: frozenset | tuple) -> list[tuple[int, int]]:
        if self.words is None:
            return [(0, len(self.sq))]
        windows = self.by_keys.get(keys)
        if windows is None:
            present = frozenset(self.words.places.keys() & keys)
            windows = self.by_present.get(present)
            if windows is None:
                windows = self.by_present[present] = self._build(present)
            self.by_keys[keys] = windows
        return windows

    def length(self, keys: frozenset | tuple) -> int:
        """How many characters the windows for these keys add up to."""
        size = self.lengths.get(keys)
        if size is None:
            size = self.lengths[keys] = sum(we - ws for ws, we in self(keys))
        return size

    def _around(self, start: int) -> tuple[int, int]:
        """The sentence around the word at `start`, cut to _BEFORE/_AFTER characters either side."""
        window = self.around.get(start)
        if window is None:
            sq, end = self.sq, self.words.ends[start]
            lo, hi = max(0, start - _BEFORE), min(len(sq), end + _AFTER)
            ws = max(sq.rfind(".", lo, start), sq.rfind("?", lo, start)) + 1 or lo
            we = _first_stop(sq, end, hi)
            window = self.around[start] = (ws, hi if we < 0 else we + 1)
        return window

    def _reach(self, end: int) -> int:
        """The last start of a word whose window joins a window ending at `end`: at most _BEFORE
        characters on, and before the next "." or "?"."""
        stop = _first_stop(self.sq, end, end + _BEFORE)
        return end + _BEFORE if stop < 0 else stop

    def _build(self, keys: frozenset) -> list[tuple[int, int]]:
        if not keys:
            return []
        sq, n = self.sq, len(self.sq)
        if len(keys) == 1:
            places = self.words.places[next(iter(keys))]
        else:
            places = sorted(place for key in keys for place in self.words.places[key])
        around = self._around
        merged: list[list[int]] = []
        i, count = 0, len(places)
        while i < count:
            ws, we = around(places[i])
            if merged and ws <= merged[-1][1]:
                if we > merged[-1][1]:
                    merged[-1][1] = we
            else:
                merged.append([ws, we])
            i += 1
            # A following word joins this window when its own window starts at or before the end,
            # that is when it starts at most _BEFORE characters after the end with no "." or "?" in
            # between. They all join, and the window then reaches as far as the last one's (windows
            # grow with the words): skip to it instead of reading each.
            j = bisect_right(places, self._reach(merged[-1][1]), i)
            while j > i:
                we = around(places[j - 1])[1]
                i = j
                if we > merged[-1][1]:
                    merged[-1][1] = we
                    j = bisect_right(places, self._reach(we), i)
        out = []
        for ws, we in merged:
            while we < n and sq[we].isalnum():  # never end a window inside a word
                we += 1
            out.append((ws, we))
        return out


# --------------------------------------------------------------------------------------------
# Scan
# --------------------------------------------------------------------------------------------


class Hit(NamedTuple):
    level: RiskLevel
    category: RiskCategory
    severity: str
    start: int
    end: int
    topic: bool = False


# Every mask and rule, numbered for the start filter: idiom masks, mention masks, rules.
_MENTION_BASE = len(IDIOMS)
_RULE_BASE = _MENTION_BASE + len(MENTIONS)
_START_FILTER = StartFilter([m.regex for m in IDIOMS] + [m.regex for m in MENTIONS] + [r.regex for r in RULES])
_OUTSIDE_ALPHABET = re.compile(r"[^a-z0-9 .?]")  # the start filter assumes normalise()'s alphabet
_MARGIN = 64  # characters before its window that a mask exception is given to look at
# The start filter is used on a text of at least _FILTER_TEXT_FROM characters whose gated patterns'
# windows add up to _FILTER_READS times its length or more, for each pattern whose windows add up to
# a fifth of the text (1/_FILTER_SHARE) or _FILTER_WINDOWS_FROM characters, whichever is more.
# Reading a window costs a pattern 10-50 ns a character, trying it at one start about 0.3 us, and
# indexing the word starts of a text about 0.3 us a word, once: on ordinary long messages (windows
# adding up to 0-5 times the text) the filter would cost more than it saves, on dense ones (10-130
# times) it saves most of the time (bench/risk_detector_bench.py, adversarial section).
_FILTER_TEXT_FROM = 1000
_FILTER_READS = 8
_FILTER_WINDOWS_FROM = 300
_FILTER_SHARE = 5


def _gated_keys(present, rule_ids: Iterable[int]) -> Iterable[frozenset | tuple]:
    """The keys of every mask and rule that runs on a text with these trigger keys."""
    for mask in IDIOMS:
        if not mask.keys.isdisjoint(present):
            yield mask.keys
    if not MENTION_KEYS.isdisjoint(present):
        for mask in MENTIONS:
            yield mask.keys
    for i in rule_ids:
        yield RULES[i].keys[0]


def _blanked(starts: TextStarts, text: str, spans: list[tuple[int, int]], number: int,
             candidates: list[int] | None) -> list[int] | None:
    """Tell the start index what a mask blanked; the mask's own candidates, for its next windows."""
    starts.blanked(text, spans)
    return None if candidates is None else starts.of(number)


def _occupied(windows: list[tuple[int, int]], candidates: list[int]) -> list[tuple[int, int]]:
    """The windows (sorted by start and by end) that contain a candidate start."""
    if not windows:
        return windows
    if len(candidates) >= len(windows):
        out = []
        for window in windows:
            k = bisect_left(candidates, window[0])
            if k < len(candidates) and candidates[k] < window[1]:
                out.append(window)
        return out
    starts = [window[0] for window in windows]
    chosen: set[int] = set()
    for c in candidates:
        k = bisect_right(starts, c) - 1
        while k >= 0 and windows[k][1] > c:  # adjacent windows can share a word at their edge
            chosen.add(k)
            k -= 1
    return [windows[k] for k in sorted(chosen)]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each (sorted, non-overlapping) span replaced by "~"s, in one pass."""
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append("~" * (end - start))
        last = end
    out.append(text[last:])
    return "".join(out)


def _excepted(mask: Mask, text: str, blanked: list[tuple[int, int]], start: int) -> bool:
    """Whether the mask's own exception matches the `within` characters before `start`, on the text
    as blanked so far (`text` plus the spans already blanked in this window)."""
    lo = max(0, start - mask.within)
    base = max(0, lo - _MARGIN)
    piece = text[base:start]
    for b_start, b_end in reversed(blanked):
        if b_end <= base:
            break
        ps, pe = max(b_start, base) - base, min(b_end, start) - base
        if ps < pe:
            piece = piece[:ps] + "~" * (pe - ps) + piece[pe:]
    return mask.unless_before.search(piece, lo - base, start - base) is not None


def _before(rx: re.Pattern, size: int, text: str, start: int, known: dict[str, bool]) -> bool:
    """rx.search(text, start - size, start), remembered by the text it depends on: those characters and
    the one before them (rx looks back no further, for its \\b)."""
    key = text[max(0, start - size - 1):start]  # shorter only when the search starts at the very start
    found = known.get(key)
    if found is None:
        found = known[key] = rx.search(text, max(0, start - size), start) is not None
    return found


def _scan(sq: str, hits: list[Hit], gate: bool = True) -> None:
    if gate:
        words = _words(sq)
        if not words.places:
            return
        present = words.places.keys()
        rule_ids: Iterable[int] = sorted(
            i
            for i in {i for key in present for i in RULES_BY_KEY.get(key, ())}
            if all(not present.isdisjoint(group) for group in RULES[i].keys[1:])
        )
        windows = _Windows(sq, words)
        # The start filter pays when the patterns would read the text several times over (dense
        # trigger words, long windows): then each pattern with long windows reads only where it
        # can start. Otherwise the windows are read whole, as the filter costs more than it saves.
        filtered = (
            len(sq) >= _FILTER_TEXT_FROM
            and sum(windows.length(keys) for keys in _gated_keys(present, rule_ids)) >= _FILTER_READS * len(sq)
            and not _OUTSIDE_ALPHABET.search(sq)
        )
    else:  # everything, everywhere: the reference the tests compare the gated scan with
        words, present, rule_ids, filtered = None, TRIGGERS.keys(), range(len(RULES)), False
        windows = _Windows(sq, words)
    # Where the patterns can start, from the words of the text as it is before the masks (which
    # then tell it what they blank out).
    starts = _START_FILTER.index(sq) if filtered else None
    text = sq
    long_windows = max(_FILTER_WINDOWS_FROM, len(sq) // _FILTER_SHARE)

    def candidates_of(number: int, spans: list[tuple[int, int]]) -> list[int] | None:
        """Where pattern `number` can start (sorted), or None: read its windows whole."""
        if starts is None or sum(we - ws for ws, we in spans) < long_windows:
            return None
        return starts.of(number)

    for number, mask in enumerate(IDIOMS):
        if mask.keys.isdisjoint(present):
            continue
        mask_windows = windows(mask.keys)
        candidates = None if starts is None else candidates_of(number, mask_windows)
        if candidates is not None and not candidates:
            continue
        for ws, we in mask_windows:
            if candidates is None:
                found = [m.span() for m in mask.regex.finditer(text, ws, we)]
            else:
                found = [m.span() for m in finditer(mask.regex, text, ws, we, candidates)]
            if found:
                text = _blank(text, found)
                if starts is not None:
                    candidates = _blanked(starts, text, found, number, candidates)
    if not MENTION_KEYS.isdisjoint(present):
        for number, mask in enumerate(MENTIONS, _MENTION_BASE):
            mask_windows = windows(mask.keys)
            candidates = None if starts is None else candidates_of(number, mask_windows)
            if candidates is not None and not candidates:
                continue
            for ws, we in mask_windows:
                blanked: list[tuple[int, int]] = []
                for m in finditer(mask.regex, text, ws, we, candidates):
                    start, end = m.span()
                    if mask.unless_before is not None and _excepted(mask, text, blanked, start):
                        continue
                    piece = sq[start:end]
                    category = _O if context.OD_WORDS.search(piece) and not context.SH_WORDS.search(piece) else _S
                    hits.append(Hit(RiskLevel.MENTION, category, MEDIUM, start, end))
                    blanked.append((start, end))
                if blanked:
                    text = _blank(text, blanked)
                    if starts is not None:
                        candidates = _blanked(starts, text, blanked, number, candidates)

    seen: set[tuple[int, int]] = set()
    # The text no longer changes: whether it speaks of the past is read once, and what precedes a
    # match (a negation, a hypothetical) once per distinct preceding text.
    past: bool | None = None
    negated: dict[str, bool] = {}
    hypothetical: dict[str, bool] = {}
    for i in rule_ids:
        rule = RULES[i]
        rule_windows = windows(rule.keys[0])
        candidates = None if starts is None else candidates_of(_RULE_BASE + i, rule_windows)
        if candidates is not None:
            if not candidates:
                continue
            rule_windows = _occupied(rule_windows, candidates)
        for ws, we in rule_windows:
            matches = rule.regex.finditer(text, ws, we) if candidates is None else finditer(
                rule.regex, text, ws, we, candidates)
            for m in matches:
                start = m.start()
                span = (i, start)
                if span in seen:  # overlapping windows of one rule
                    continue
                seen.add(span)
                level = rule.level
                if level is RiskLevel.RISK:
                    if rule.category is _O and _before(context.HYPOTHETICAL, 40, text, start, hypothetical):
                        continue  # "what if i took all my pills": a question, the method rules decide
                    if rule.negatable and _before(context.NEG_TAIL, 60, text, start, negated):
                        # "i'm not going to kill myself" still talks about suicide: MENTION.
                        # "no chest pain" is simply not an emergency: nothing.
                        if rule.category in (_MED, _V):
                            continue
                        level = RiskLevel.MENTION
                    elif rule.past_context_is_mention:
                        if past is None:
                            past = context.PAST_CONTEXT.search(text) is not None
                        if past:
                            level = RiskLevel.MENTION
                hits.append(Hit(level, rule.category, rule.severity, start, m.end(), rule.topic))


# --------------------------------------------------------------------------------------------
# Decide
# --------------------------------------------------------------------------------------------


def _impersonal_question(sq: str) -> bool:
    """A question about other people or the topic in general, with no 'I', 'me' or 'my' in it."""
    text = context.POLITE_ME.sub(" ", sq).strip()
    if not (context.QUESTION_START.search(text) or text.endswith("?")):
        return False
    return not context.FIRST_PERSON.search(text)


def _assess(text: str, gate: bool = True) -> RiskAssessment:
    norm = normalise(text)
    if not norm:
        return NO_RISK
    sq = squeeze(norm)
    hits: list[Hit] = []
    _scan(sq, hits, gate)
    if not hits:
        return NO_RISK

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
            len(words) <= context.SHORT_TOPIC_WORDS
            and not context.TOPIC_QUESTION.search(sq)
            and any(h.category in (_S, _O) for h in mentions)
        ):
            risk = [h._replace(level=RiskLevel.RISK) for h in mentions]
        else:
            category = min((h.category for h in mentions), key=_MENTION_PRIORITY.__getitem__)
            return RiskAssessment(RiskLevel.MENTION, category, _evidence(norm, sq, mentions))

    # A time or a means says how near self-harm is; a medical emergency is always now ("i think
    # im having a panic attack right now" stays medium, so the grounding reply can still answer it).
    high = any(h.severity == HIGH for h in risk) or any(h.category is not _MED and _imminent_near(sq, h) for h in risk)
    best = min(risk, key=lambda h: (h.severity != HIGH, _PRIORITY[h.category], h.start))
    return RiskAssessment(RiskLevel.RISK, best.category, _evidence(norm, sq, risk), HIGH if high else MEDIUM)


def _imminent_near(sq: str, hit: Hit) -> bool:
    """A time, a plan or a means in the words around the hit. In a chat message that is the whole
    message; in a long post, "tonight" or "pills" three paragraphs away from "want to die" (in a
    story about a boss fight) says nothing about it."""
    start, end = max(0, hit.start - context.IMMINENT_WINDOW), hit.end + context.IMMINENT_WINDOW
    return context.IMMINENT.search(sq, start, end) is not None


def _evidence(norm: str, sq: str, hits: list[Hit]) -> tuple[str, ...]:
    span_map = SpanMap(norm) if len(norm) != len(sq) else None
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
            return NO_RISK
        if re.search(r"suicid|kill|die|overdose|pills|hurt|chest|breath", lowered):
            return RiskAssessment(RiskLevel.RISK, RiskCategory.SUICIDE_SELF_HARM, (), MEDIUM)
        return NO_RISK
