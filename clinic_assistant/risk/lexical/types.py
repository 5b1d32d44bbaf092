"""What the detector answers: a level, a category, the evidence and a severity."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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


NO_RISK = RiskAssessment(RiskLevel.NONE)

HIGH, MEDIUM = "high", "medium"
