"""The pattern language: macros, then the same squeeze as the text, then an alternation optimiser.

Patterns are written in normal spelling with macros in angle brackets ("<ME>", "<PILLS>", defined in
vocab.py). `p()` expands the macros and drops doubled letters ("kill" -> "kil"), as squeeze() does to
the text, so a pattern tolerates any repetition or a missing double letter. `compile_pattern()` also
groups a leading alternation by first letter (see optimise()) and records the sources for the tests.
"""
from __future__ import annotations

import re

from clinic_assistant.risk.lexical.vocab import MACROS


def expand(src: str) -> str:
    for _ in range(5):
        new = re.sub(r"<([A-Z0-9_]+)>", lambda m: MACROS[m.group(1)], src)
        if new == src:
            return new
        src = new
    raise ValueError("macro recursion")


def squeeze_pattern(src: str) -> str:
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


def p(src: str) -> str:
    """A pattern source with its macros expanded and squeezed like the text."""
    return squeeze_pattern(expand(src))


SOURCES: list[str] = []  # squeezed pattern sources, kept for the pattern lint in the tests


def _structure(src: str, start: int = 0):
    """Each position of `src` from `start` that is not escaped nor inside [...], with the group
    depth just after its character (one reader for the two walks below)."""
    depth, i, in_class = 0, start, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def _split_alternatives(body: str) -> list[str]:
    parts, start = [], 0
    for i, c, depth in _structure(body):
        if c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _group_end(src: str, open_at: int) -> int:
    """Index of the parenthesis closing the group that opens at `open_at`."""
    for i, c, depth in _structure(src, open_at):
        if c == ")" and depth == 0:
            return i
    raise ValueError(src)


def optimise(src: str) -> str:
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


UNOPTIMISED: dict[str, str] = {}  # optimised pattern -> its source, for the tests


def compile_pattern(src: str) -> re.Pattern:
    """Expand, squeeze, optimise and compile a pattern source; it is recorded for the tests."""
    squeezed = p(src)
    SOURCES.append(squeezed)
    optimised = optimise(squeezed)
    if optimised != squeezed:
        UNOPTIMISED[optimised] = squeezed
    return re.compile(optimised)
