"""What staff corrected in the review inbox stays corrected (after `make retrain`).

- tests/safety/reviewed_regressions.csv (written by `make review-export`): a missed crisis is now
  detected as risk; a false alarm no longer is.
- data/nlu/reviewed.yml: each labelled message now gets its FAQ topic, or out of scope.

Both files exist only after a review; with no rows there is nothing to check and the tests skip.
"""
from __future__ import annotations

import csv

import pytest

from clinic_assistant.review.export import REGRESSIONS, REVIEWED_NLU
from clinic_assistant.review.topics import read_nlu_examples
from clinic_assistant.settings import PROJECT_ROOT


def _regressions() -> list[dict[str, str]]:
    path = PROJECT_ROOT / REGRESSIONS
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _reviewed_examples() -> list[tuple[str, str]]:
    examples = read_nlu_examples(PROJECT_ROOT / REVIEWED_NLU)
    return [(intent, text) for intent, texts in sorted(examples.items()) for text in texts]


REGRESSION_ROWS = _regressions()
REVIEWED = _reviewed_examples()


@pytest.mark.skipif(not REGRESSION_ROWS, reason="no reviewed risk regressions yet (make review-export)")
@pytest.mark.parametrize("row", REGRESSION_ROWS or [None], ids=lambda row: (row or {}).get("construct", "none"))
def test_the_detector_now_gets_the_reviewed_message_right(parse, row):
    level = parse(row["text"])["risk"]["level"]
    if row["level"] == "risk":
        assert level == "risk", row["text"]
    else:
        assert level != "risk", row["text"]


@pytest.mark.skipif(not REVIEWED, reason="no reviewed training examples yet (make review-export)")
@pytest.mark.parametrize("intent, text", REVIEWED or [(None, None)])
def test_the_reviewed_message_is_now_answered_right(parse, intent, text):
    result = parse(text)
    if result["intent"]["name"] in ("crisis", "distress", "risk_mention"):
        pytest.skip("the risk detector has the last word on this message")
    if intent == "out_of_scope":
        assert result["intent"]["name"] == "out_of_scope", text
    else:
        assert result["intent"]["name"] == "faq", text
        assert result["response_selector"]["faq"]["response"]["intent_response_key"] == intent, text
