"""Prints the reading grade (Flesch-Kincaid, textstat) of every FAQ answer, as a Markdown table.

The same measure gates `tests/unit/test_readability.py`; docs/quality.md keeps the figures.
Usage: python scripts/readability_report.py [domain.yml]
"""
from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # textstat 0.7.4 imports pkg_resources
    import textstat

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def faq_answers(domain_file: Path) -> dict[str, str]:
    """Each FAQ answer as a visitor reads it: placeholders filled in from clinic.yml."""
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    values = load_clinic_config(PROJECT_ROOT / "clinic.yml").template_values()
    return {
        name.split("/", 1)[1]: variations[0]["text"].format(**values)
        for name, variations in responses.items()
        if name.startswith("utter_faq/")
    }


def grade(text: str) -> float:
    """US school grade (Flesch-Kincaid); a list's short lines count as sentences."""
    return textstat.flesch_kincaid_grade(". ".join(line.strip(" -") for line in text.splitlines() if line.strip()))


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def longest_sentence(text: str) -> int:
    return max(len(s.split()) for s in sentences(text))


def main(domain_file: Path) -> None:
    answers = faq_answers(domain_file)
    print("| answer | grade | longest sentence (words) |")
    print("|---|---|---|")
    for topic, text in answers.items():
        print(f"| {topic} | {grade(text):.1f} | {longest_sentence(text)} |")
    grades = [grade(text) for text in answers.values()]
    print(f"\nmean grade {sum(grades) / len(grades):.2f}, highest {max(grades):.1f}, answers {len(grades)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "domain.yml")
