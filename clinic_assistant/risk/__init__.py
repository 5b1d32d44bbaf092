"""Risk detection for visitor messages: plain Python, no Rasa import.

    from clinic_assistant.risk import assess, RiskLevel
    result = assess("i want to kill myself")
    result.is_risk        # True
    result.category       # RiskCategory.SUICIDE_SELF_HARM
    result.evidence       # ('kill myself',)

The lexical detector lives in clinic_assistant/risk/lexical/ (see its package docstring).
"""
from clinic_assistant.risk.lexical import (
    MAX_SCAN_CHARS,
    RiskAssessment,
    RiskCategory,
    RiskLevel,
    assess,
    normalise,
)

__all__ = [
    "MAX_SCAN_CHARS",
    "RiskAssessment",
    "RiskCategory",
    "RiskLevel",
    "assess",
    "normalise",
]
