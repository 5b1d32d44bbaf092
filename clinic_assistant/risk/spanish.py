"""The lexical risk signal for messages in Spanish.

A short list of the ways Spanish speakers say they want to die, hurt themselves, took too much,
or are being hurt, read after lower-casing and removing accents ("matarme", "quitarme la vida",
"ya no quiero vivir"). The semantic classifier, trained with Spanish examples too, is the other
signal; either one is enough for the crisis reply. Idioms with the same words ("me muero de
risa", "este tráfico me mata") are removed before the patterns run. Every pattern is a plain
regular expression without nested repetition, so the cost is linear in the text. The rules and
idioms are data: spanish_rules.yml.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_CHARS = 5000


@dataclass(frozen=True)
class SpanishRule:
    name: str
    situation: str  # suicide | self_harm | overdose | abuse | medical | third_party
    severity: str  # "high" (plan, means, time, an act) or "medium"
    pattern: str


SITUATIONS = ("suicide", "self_harm", "overdose", "abuse", "medical", "third_party")
RULES_FILE = Path(__file__).with_name("spanish_rules.yml")


def _joined(pattern: str | list[str]) -> str:
    return "".join(pattern) if isinstance(pattern, list) else pattern


def load_rules(path: Path = RULES_FILE) -> tuple[tuple[SpanishRule, ...], re.Pattern]:
    """The rules and the idioms, from the data file; a wrong situation or severity stops the load."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = tuple(SpanishRule(r["name"], r["situation"], r["severity"], _joined(r["pattern"])) for r in data["rules"])
    for rule in rules:
        if rule.situation not in SITUATIONS or rule.severity not in ("high", "medium"):
            raise ValueError(f"{path.name}: rule {rule.name!r} has situation {rule.situation!r}, severity {rule.severity!r}")
    return rules, re.compile(_joined(data["idioms"]))


# Idioms are blanked out before the rules run: they use the rule words without any danger.
RULES, IDIOMS = load_rules()

_COMPILED = tuple((rule, re.compile(rule.pattern)) for rule in RULES)
_NOT_LETTERS = re.compile(r"[^a-z0-9ñ ]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SpanishHit:
    situation: str
    severity: str
    evidence: tuple[str, ...]


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "")[:MAX_CHARS].lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", plain)).strip()


def assess_spanish(text: str) -> SpanishHit | None:
    """The most severe Spanish risk rule the message matches, or None."""
    norm = IDIOMS.sub(" ", normalise(text))
    hits = [(rule, m.group(0)) for rule, rx in _COMPILED if (m := rx.search(norm))]
    if not hits:
        return None
    best = min(hits, key=lambda hit: hit[0].severity != "high")[0]
    return SpanishHit(best.situation, best.severity, tuple(evidence for _, evidence in hits))
