"""The lexical rules are data (clinic_assistant/risk/lexical/rules/*.yml): a mistake in a rule
file stops the detector from loading with a message that says where, instead of a rule that
silently never fires."""
from pathlib import Path

import pytest
import yaml

from clinic_assistant.risk.lexical.rules import RULE_FILES, RULES, RuleFileError, load_rules

RULES_DIR = Path(__file__).resolve().parents[2] / "clinic_assistant" / "risk" / "lexical" / "rules"
GOOD = {"category": "overdose_poisoning", "severity": "high", "keys": "die", "pattern": r"\bdie\b"}


def write_rules(directory: Path, first_file_entries: list[dict]) -> Path:
    for name in RULE_FILES:
        (directory / f"{name}.yml").write_text(yaml.safe_dump(first_file_entries if name == RULE_FILES[0] else []))
    return directory


def test_every_rule_file_loads_in_table_order():
    counts = [len(yaml.safe_load((RULES_DIR / f"{name}.yml").read_text())) for name in RULE_FILES]
    assert len(RULES) == sum(counts) > 150


def test_a_pattern_in_pieces_is_the_pieces_joined(tmp_path):
    rules = load_rules(write_rules(tmp_path, [{**GOOD, "pattern": [r"\bdie ", r"(?:today|tonight)\b"]}]))
    assert rules[0].regex.search("i want to die tonight")


@pytest.mark.parametrize("change, message", [
    ({"severity": "urgent"}, "severity"),
    ({"keys": "no_such_key"}, "unknown trigger keys"),
    ({"category": "weather"}, "weather"),
    ({"level": "maybe"}, "maybe"),
    ({"negateable": True}, "may have"),
    ({"pattern": r"\bdie (\b"}, "rule 1"),
])
def test_a_broken_rule_names_its_file_and_number(tmp_path, change, message):
    with pytest.raises(RuleFileError, match=message) as error:
        load_rules(write_rules(tmp_path, [{**GOOD, **change}]))
    assert f"{RULE_FILES[0]}.yml rule 1" in str(error.value)
