"""The rule table: every rule, compiled, in the order the engine runs them.

A rule is data, one YAML file per kind (suicide.yml, methods.yml, …), read in the order of
RULE_FILES. Each entry has:

- `category`: suicide_self_harm, overdose_poisoning, medical_emergency or violence_abuse;
- `severity`: high (plan, method, means, time, an act in progress) or medium;
- `keys`: trigger keys (vocab.TRIGGERS) in groups separated by "&": one key of every group must
  occur before the pattern is tried;
- `pattern`: the regular expression, with the vocabulary's <PLACEHOLDERS> (patterns.py); a list is
  its pieces joined;
- optional: `negatable` (a negation right before it, "not going to", makes it MENTION or nothing),
  `level: mention`, `past_is_mention` ("when i was a child" turns abuse into MENTION),
  `topic_only` (names suicide or self-harm without saying more; a question about others is
  MENTION), and `why`, the note for the next reader.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from clinic_assistant.risk.lexical.patterns import compile_pattern
from clinic_assistant.risk.lexical.types import RiskCategory, RiskLevel
from clinic_assistant.risk.lexical.vocab import TRIGGERS

RULE_FILES = ("suicide", "methods", "self_harm", "overdose", "medical", "violence", "topic")
SEVERITIES = ("high", "medium")
REQUIRED = {"category", "severity", "keys", "pattern"}
OPTIONAL = {"why", "negatable", "level", "past_is_mention", "topic_only"}


class Rule(NamedTuple):
    category: RiskCategory
    level: RiskLevel
    severity: str
    keys: tuple[tuple[str, ...], ...]  # groups of trigger keys; one key of every group must occur
    regex: re.Pattern
    negatable: bool
    past_context_is_mention: bool  # "when i was a child" turns abuse into MENTION
    topic: bool  # names suicide or self-harm without saying more; a question about others is MENTION


class RuleFileError(ValueError):
    """A rule file names an unknown field, category, level, severity or trigger key."""


def _rule(entry: dict, where: str) -> Rule:
    fields = set(entry)
    if not REQUIRED <= fields or not fields <= REQUIRED | OPTIONAL:
        raise RuleFileError(f"{where}: needs {sorted(REQUIRED)}, may have {sorted(OPTIONAL)}, has {sorted(fields)}")
    if entry["severity"] not in SEVERITIES:
        raise RuleFileError(f"{where}: severity must be one of {SEVERITIES}")
    groups = tuple(tuple(group.split()) for group in entry["keys"].split("&"))
    unknown = [key for group in groups for key in group if key not in TRIGGERS]
    if unknown:
        raise RuleFileError(f"{where}: unknown trigger keys {unknown}")
    pattern = entry["pattern"]
    try:
        return Rule(
            RiskCategory(entry["category"]), RiskLevel(entry.get("level", "risk")), entry["severity"], groups,
            compile_pattern("".join(pattern) if isinstance(pattern, list) else pattern),
            bool(entry.get("negatable")), bool(entry.get("past_is_mention")), bool(entry.get("topic_only")),
        )
    except (ValueError, re.error) as error:  # an unknown category or level, a pattern that does not compile
        raise RuleFileError(f"{where}: {error}") from error


def load_rules(directory: Path = Path(__file__).parent) -> list[Rule]:
    rules = []
    for name in RULE_FILES:
        entries = yaml.safe_load((directory / f"{name}.yml").read_text(encoding="utf-8"))
        rules += [_rule(entry, f"{name}.yml rule {number}") for number, entry in enumerate(entries, 1)]
    return rules


RULES: list[Rule] = load_rules()

# Rules by the trigger keys of their first group, in table order.
RULES_BY_KEY: dict[str, list[int]] = {}
for _number, _rule_ in enumerate(RULES):
    for _key in _rule_.keys[0]:
        RULES_BY_KEY.setdefault(_key, []).append(_number)
