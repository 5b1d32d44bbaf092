"""A rule as data: what it finds, in which category and level, and what can change it."""
from __future__ import annotations

from typing import NamedTuple

from clinic_assistant.risk.lexical.types import HIGH, MEDIUM, RiskCategory, RiskLevel

S = RiskCategory.SUICIDE_SELF_HARM
O = RiskCategory.OVERDOSE  # noqa: E741 - one letter, like the others
MED = RiskCategory.MEDICAL_EMERGENCY
V = RiskCategory.VIOLENCE_ABUSE

__all__ = ["HIGH", "MEDIUM", "MED", "O", "S", "V", "RuleSpec", "rule"]


class RuleSpec(NamedTuple):
    category: RiskCategory
    severity: str
    keys: str  # trigger keys: groups separated by "&"; one key of every group must occur
    pattern: str
    negatable: bool = False  # a negation right before it ("not going to") makes it MENTION (or nothing)
    level: RiskLevel = RiskLevel.RISK
    past_context_is_mention: bool = False  # "when i was a child" turns abuse into MENTION
    topic: bool = False  # names suicide or self-harm without saying more; a question about others is MENTION


def rule(category: RiskCategory, severity: str, keys: str, pattern: str, neg: bool = False,
         level: RiskLevel = RiskLevel.RISK, past: bool = False, topic: bool = False) -> RuleSpec:
    return RuleSpec(category, severity, keys, pattern, neg, level, past, topic)
