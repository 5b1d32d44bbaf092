"""The rule table: every rule, compiled, in the order the engine runs them.

A rule is data (spec.py): a category, a severity, its trigger keys and its pattern, plus what can
change it (a negation, the past, being only the topic). The tables are split by kind; their order
here is the order of the original single table.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from clinic_assistant.risk.lexical.patterns import compile_pattern
from clinic_assistant.risk.lexical.rules import medical, methods, overdose, self_harm, suicide, topic, violence
from clinic_assistant.risk.lexical.rules.spec import RuleSpec
from clinic_assistant.risk.lexical.types import RiskCategory, RiskLevel
from clinic_assistant.risk.lexical.vocab import TRIGGERS


class Rule(NamedTuple):
    category: RiskCategory
    level: RiskLevel
    severity: str
    keys: tuple[tuple[str, ...], ...]  # groups of trigger keys; one key of every group must occur
    regex: re.Pattern
    negatable: bool
    past_context_is_mention: bool  # "when i was a child" turns abuse into MENTION
    topic: bool  # names suicide or self-harm without saying more; a question about others is MENTION


RULE_SPECS: tuple[RuleSpec, ...] = (
    suicide.RULES + methods.RULES + self_harm.RULES + overdose.RULES + medical.RULES + violence.RULES + topic.RULES
)


def _compile(spec: RuleSpec) -> Rule:
    groups = tuple(tuple(group.split()) for group in spec.keys.split("&"))
    for group in groups:
        for key in group:
            if key not in TRIGGERS:
                raise ValueError(f"rule {spec.pattern[:40]!r} uses unknown trigger key {key!r}")
    return Rule(spec.category, spec.level, spec.severity, groups, compile_pattern(spec.pattern), spec.negatable,
                spec.past_context_is_mention, spec.topic)


RULES: list[Rule] = [_compile(spec) for spec in RULE_SPECS]

# Rules by the trigger keys of their first group, in table order.
RULES_BY_KEY: dict[str, list[int]] = {}
for _number, _rule in enumerate(RULES):
    for _key in _rule.keys[0]:
        RULES_BY_KEY.setdefault(_key, []).append(_number)
