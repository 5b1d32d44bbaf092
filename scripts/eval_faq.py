#!/usr/bin/env python3
"""`make eval`: the trained model on outside data it was never trained on (reports; never fails).

1. CLINC150 out-of-scope test split: every row is out of scope for a clinic. The share answered
   with an FAQ answer is the rate of confident wrong answers (goal: at most 5%).
2. counsel-chat and MedQuAD questions: real and templated help-seeking wording. Lists where
   each question lands (FAQ topic or other intent) and the most confident FAQ answers, so a
   reviewer can read the worst cases.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.model_eval import DEFAULT_MODEL, SHARED_EVAL, faq_topic, load_parser  # noqa: E402

OOS_GOAL = 0.05
SHOW = 12


def read_column(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle) if row.get(column)]


def landing(result: dict) -> str:
    topic = faq_topic(result)
    return f"faq/{topic}" if topic else result["intent"]["name"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--eval-dir", type=Path, default=SHARED_EVAL)
    args = parser.parse_args()
    parse = load_parser(args.model)

    oos = read_column(args.eval_dir / "oos" / "clinc150_oos_test.csv", "text")
    results = [parse(text) for text in oos]
    answered = [(text, r) for text, r in zip(oos, results, strict=True) if faq_topic(r)]
    share = len(answered) / len(oos)
    print(f"CLINC150 out-of-scope test split: {len(oos)} messages")
    print(f"  answered with an FAQ answer: {len(answered)} ({share:.1%}; goal at most {OOS_GOAL:.0%})")
    print("  where they landed:", dict(Counter(landing(r) for r in results).most_common()))
    print("  most confident FAQ answers to out-of-scope messages:")
    for text, r in sorted(answered, key=lambda item: -item[1]["intent"]["confidence"])[:SHOW]:
        print(f"    {r['intent']['confidence']:.2f} {landing(r):28} {text}")

    help_seeking = (
        ("faq/counselchat_questions.csv", "title"),
        ("faq/medquad_mental_health_questions_templated.csv", "question"),
    )
    for name, column in help_seeking:
        texts = read_column(args.eval_dir / name, column)
        results = [parse(text) for text in texts]
        counts = Counter(landing(r) for r in results)
        print(f"\n{name} ({column}): {len(texts)} questions")
        print("  where they landed:", dict(counts.most_common()))
        faq = [(t, r) for t, r in zip(texts, results, strict=True) if faq_topic(r)]
        print(f"  answered with an FAQ answer: {len(faq)} ({len(faq) / len(texts):.1%}); the most confident:")
        for text, r in sorted(faq, key=lambda item: -item[1]["intent"]["confidence"])[:SHOW]:
            print(f"    {r['intent']['confidence']:.2f} {landing(r):28} {text[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
