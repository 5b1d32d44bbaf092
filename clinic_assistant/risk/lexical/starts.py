"""Where a pattern can start: on a long text dense with trigger words, read only where a match
could begin.

Python's `re` tries a pattern at every character of its window, so one pattern over a 4,000-character
window costs 0.05-0.5 ms however rare its words are, and a long message full of trigger words makes
most rules read the whole text. Every rule and mask starts with \\b and a word, so a match can only
begin at the start of a word, and only with the few letters its first words allow. `match_starts()`
works those letters out once per pattern, from the pattern itself (at import); `TextStarts` then
lists, per pattern, the word starts of one text whose first letters fit. A pattern with no such word
start in its window is not run at all; one with a few is tried only there (`pattern.match` at each);
a dense one reads its window from the first one on. The matches are exactly those of `finditer`: a
match cannot begin anywhere else, and `match` at a position sees the same text (before it, and up to
the window end) as `finditer` does when it gets there. The engine decides when this pays (a long text
whose patterns would read it several times over) and checks the alphabet below.

The analysis assumes the text contains only TEXT_ALPHABET plus "~" (what normalise() returns and
the masks blank with).
"""
from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, count
from operator import add

try:  # Python 3.11+
    from re import _constants as _sc  # type: ignore[attr-defined]
    from re import _parser as _sp  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as _sc
    import sre_parse as _sp

from clinic_assistant.risk.lexical.normalisation import TEXT_ALPHABET

ALPHABET = frozenset(TEXT_ALPHABET | {"~"})
WORD_CHARS = frozenset(string.ascii_lowercase + string.digits)  # \w, within ALPHABET
GRAM = 4  # a word start is indexed by its first GRAM characters (fewer at the end of the text)
_MAX_STARTS = 3000  # beginnings per pattern; with more, try a shorter beginning
_NOT_WORD = ALPHABET - WORD_CHARS
_CATEGORIES = {
    _sc.CATEGORY_WORD: WORD_CHARS,
    _sc.CATEGORY_NOT_WORD: _NOT_WORD,
    _sc.CATEGORY_DIGIT: frozenset(string.digits),
    _sc.CATEGORY_NOT_DIGIT: ALPHABET - frozenset(string.digits),
    _sc.CATEGORY_SPACE: frozenset(" "),
    _sc.CATEGORY_NOT_SPACE: ALPHABET - {" "},
}
_ZERO_WIDTH = (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT)


class _Unknown(Exception):
    """The pattern uses something the analysis does not follow, or has too many beginnings."""


def _charset(items) -> frozenset[str]:
    negate, chars = False, set()
    for op, av in items:
        if op is _sc.NEGATE:
            negate = True
        elif op is _sc.LITERAL:
            chars.add(chr(av))
        elif op is _sc.RANGE:
            chars.update(c for c in ALPHABET if av[0] <= ord(c) <= av[1])
        elif op is _sc.CATEGORY and av in _CATEGORIES:
            chars |= _CATEGORIES[av]
        else:
            raise _Unknown(op)
    chars &= ALPHABET
    return ALPHABET - chars if negate else frozenset(chars)


def _extend(items, strings: set[str], k: int) -> set[str]:
    """Every way `items` can continue each string, cut at k characters (a string that reaches k is
    final). Zero-width items (\\b, $, look-arounds) are ignored, which can only add beginnings."""
    for op, av in items:
        live = {s for s in strings if len(s) < k}
        if not live:
            return strings
        done = strings - live
        if op is _sc.LITERAL:
            new = {s + chr(av) for s in live}
        elif op is _sc.NOT_LITERAL:
            new = {s + c for s in live for c in ALPHABET if c != chr(av)}
        elif op is _sc.IN:
            chars = _charset(av)
            new = {s + c for s in live for c in chars}
        elif op is _sc.ANY:
            new = {s + c for s in live for c in ALPHABET}
        elif op in _ZERO_WIDTH:
            new = live
        elif op is _sc.SUBPATTERN:
            if av[1] & _sc.SRE_FLAG_IGNORECASE:
                raise _Unknown(op)
            new = _extend(av[-1], live, k)
        elif op is _sc.BRANCH:
            new = set()
            for alternative in av[1]:
                new |= _extend(alternative, set(live), k)
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT):
            new = _repeat(av, live, k)
        else:
            raise _Unknown(op)
        strings = done | new
        if len(strings) > _MAX_STARTS:
            raise _Unknown("too many")
    return strings


def _repeat(av, live: set[str], k: int) -> set[str]:
    low, high, item = av
    out = set(live) if low == 0 else set()
    frontier, seen, count = live, set(), 0
    while frontier and count < high:
        after = _extend(item, frontier, k)
        count += 1
        unfinished = {s for s in after if len(s) < k}
        if count >= low:
            out |= after
            frontier = unfinished - seen  # already continued with at least as many repeats left
            seen |= frontier
        else:
            out |= after - unfinished  # cut at k characters: the rest cannot change them
            frontier = unfinished
        if len(out) > _MAX_STARTS or len(seen) > _MAX_STARTS:
            raise _Unknown("too many")
    return out


def _starts_at_word_boundary(items) -> bool:
    """Every match passes \\b before it reads its first character."""
    for op, av in items:
        if op is _sc.AT:
            if av is _sc.AT_BOUNDARY:
                return True
            return False
        if op in (_sc.ASSERT, _sc.ASSERT_NOT):
            continue
        if op is _sc.SUBPATTERN:
            return _starts_at_word_boundary(av[-1])
        if op is _sc.BRANCH:
            return all(_starts_at_word_boundary(alternative) for alternative in av[1])
        return False
    return False


def match_starts(pattern: str, k: int = GRAM) -> frozenset[str] | None:
    """The beginnings of the matches of `pattern`: its first k characters, or the whole match when it is
    shorter. None unless every match begins at the start of a word (\\b, then a letter or digit), or
    when the pattern has too many beginnings even with k = 1."""
    parsed = _sp.parse(pattern)
    if parsed.state.flags & _sc.SRE_FLAG_IGNORECASE or not _starts_at_word_boundary(parsed.data):
        return None
    for size in range(k, 0, -1):
        try:
            found = _extend(parsed.data, {""}, size)
        except _Unknown:
            continue
        if "" in found or any(s[0] not in WORD_CHARS for s in found):
            return None
        return frozenset(found)
    return None


class StartFilter:
    """The beginnings of a fixed list of patterns, by pattern number."""

    def __init__(self, patterns: Sequence[re.Pattern]) -> None:
        self.unfiltered: set[int] = set()
        self._tables: list[dict[str, list[int]]] = [{} for _ in range(GRAM + 1)]
        for number, rx in enumerate(patterns):
            starts = match_starts(rx.pattern)
            if starts is None:
                self.unfiltered.add(number)
                continue
            for s in starts:
                self._tables[len(s)].setdefault(s, []).append(number)
        self._cache: dict[str, frozenset[int]] = {}

    def fitting(self, gram: str) -> frozenset[int]:
        """The patterns that can start with `gram` (the first GRAM characters at a word start)."""
        found = self._cache.get(gram)
        if found is None:
            numbers: set[int] = set()
            for size in range(1, len(gram) + 1):
                numbers.update(self._tables[size].get(gram[:size], ()))
            found = frozenset(numbers)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[gram] = found
        return found

    def index(self, text: str) -> TextStarts:
        """The candidates in one text (as normalise() and squeeze() return it: single spaces)."""
        return TextStarts(self, text)


_WORD = re.compile(r"[a-z0-9]+")


class TextStarts:
    """Per pattern, the word starts of one text where it can match (sorted), worked out when first
    asked for, and kept up to date when masks blank words out."""

    def __init__(self, start_filter: StartFilter, text: str) -> None:
        self.filter = start_filter
        tokens = text.split(" ")
        # token i starts after the i tokens and i spaces before it (summed up in C)
        offsets = map(add, accumulate(chain((0,), map(len, tokens))), count())
        at: dict[str, list[int]] = {}  # token -> where it starts
        for token, offset in zip(tokens, offsets):  # noqa: B905 - offsets is endless
            if token in at:
                at[token].append(offset)
            else:
                at[token] = [offset]
        by_gram: dict[str, list[int]] = {}  # the first GRAM characters at a word start -> where
        for token, places in at.items():
            word = token if token.isalnum() else token.rstrip(".?")
            if len(word) >= GRAM and word.isalnum():  # one word, long enough: the same gram everywhere
                grams: Iterable[tuple[str, list[int]]] = ((word[:GRAM], places),)
            else:  # short ("i"), or several words ("2.5"): each word start, with what follows it
                grams = [
                    (text[start:start + GRAM], [start])
                    for m in _WORD.finditer(token)
                    for start in (p + m.start() for p in places)
                ]
            for gram, where in grams:
                if gram in by_gram:
                    by_gram[gram].extend(where)
                else:
                    by_gram[gram] = list(where)
        # Per pattern, its candidates: each gram's places go to every pattern that can start there.
        candidates: dict[int, list[int]] = {}
        fitting = start_filter.fitting
        for gram, places in by_gram.items():
            for number in fitting(gram):
                if number in candidates:
                    candidates[number].extend(places)
                else:
                    candidates[number] = list(places)
        self.candidates = candidates
        self.unsorted = set(candidates)  # sorted when first asked for

    def of(self, number: int) -> list[int] | None:
        """Sorted candidate starts of pattern `number` (None: it may start anywhere; read it all)."""
        if number in self.filter.unfiltered:
            return None
        found = self.candidates.get(number)
        if found is None:
            found = self.candidates[number] = []
        elif number in self.unsorted:
            found.sort()
            self.unsorted.discard(number)
        return found

    def blanked(self, text: str, spans: Iterable[tuple[int, int]]) -> None:
        """`text` now has spans blanked out ("~"). A word start whose first characters changed (it
        starts less than GRAM characters before a blank) or that is new (right after a blank) is added
        for the patterns that can start with its new first characters; stale entries stay, which only
        costs a failed match."""
        n = len(text)
        fitting = self.filter.fitting
        for start, end in spans:
            for p in (*range(max(0, start - GRAM + 1), start), end):
                if p < n and text[p] in WORD_CHARS and (p == 0 or text[p - 1] not in WORD_CHARS):
                    for number in fitting(text[p:p + GRAM]):
                        if number in self.candidates:
                            self.candidates[number].append(p)
                        else:
                            self.candidates[number] = [p]
                        self.unsorted.add(number)


# A match can only start at a candidate; with at least one candidate per this many characters of a
# window, finditer over the window is about as cheap as one match() call per candidate (a call costs
# about 0.3 us; reading a character 10-50 ns, up to 110 ns for a pattern with look-behinds first).
DENSE = 8


def finditer(rx: re.Pattern, text: str, start: int, end: int, candidates: list[int] | None) -> Iterable[re.Match]:
    """The matches of rx.finditer(text, start, end), trying only `candidates` (sorted; None: all)."""
    if candidates is None:
        return rx.finditer(text, start, end)
    lo = bisect_left(candidates, start)
    hi = bisect_left(candidates, end, lo)
    if lo == hi:
        return ()
    first = candidates[lo]
    if (hi - lo) * DENSE > end - first:
        return rx.finditer(text, first, end)
    return _match_each(rx, text, end, candidates, lo, hi)


def _match_each(rx: re.Pattern, text: str, end: int, candidates: list[int], lo: int, hi: int) -> list[re.Match]:
    found = []
    match = rx.match
    pos = -1
    for i in range(lo, hi):
        p = candidates[i]
        if p < pos:
            continue
        m = match(text, p, end)
        if m is not None:
            if m.end() == p:  # an empty match: finditer's own rules for what follows
                found.extend(rx.finditer(text, p, end))
                return found
            found.append(m)
            pos = m.end()
    return found

