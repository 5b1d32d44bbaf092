#!/usr/bin/env python3
"""The whole risk stage per message: language, lexical rules, sentence embedding, classifier.

    python bench/risk_stage_bench.py [--model models/clinic.tar.gz]

Times what the RiskDetector does for one message in the Rasa server (`assess_message` with the
message's embedding, which the FAQ gate then reuses), on two kinds of input:
- realistic: the held-out NLU and safety messages (short chat turns to long forum posts);
- adversarial: 4,000-character inputs built to be slow (repetition, leetspeak, spaced letters,
  mixed scripts, emoji, zero-width characters, one endless word).
Prints p50, p99 and the worst case of each, and the worst adversarial input kind. The figures go
in docs/performance.md; nothing here is a test.
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic_assistant.rasa_plugins.minilm import shared_model  # noqa: E402
from clinic_assistant.risk.assessment import assess_message, warm_up  # noqa: E402
from clinic_assistant.risk.semantic import ENGLISH_MODEL, RiskClassifiers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CAP = 4000  # the channel's message cap


def adversarial() -> dict[str, str]:
    crisis = " i am going to kill myself tonight"
    return {
        "a1 repeated": ("a1" * CAP)[:CAP],
        "leet words": ("k1ll m3 n0w " * 400)[:CAP],
        "spaced letters": ("k i l l " * 600)[:CAP],
        "dots": ("k.i.l.l." * 600)[:CAP],
        "censored": ("k*ll s*icide " * 400)[:CAP],
        "one word": "x" * CAP,
        "repeated letter": "i want to d" + "i" * (CAP - 20) + "e",
        "mixed scripts": ("kіll муself ηow " * 300)[:CAP],
        "emoji": ("\U0001F480\U0001F52A\U0001FAA2\U0001F48A " * 900)[:CAP],
        "zero width": ("k\u200bi\u200bl\u200bl " * 700)[:CAP],
        "long post, crisis at the end": ("my boss yelled again today. " * 150)[: CAP - len(crisis)] + crisis,
        "punctuation": ("?!.,;:" * 700)[:CAP],
    }


def realistic() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "safety").glob("heldout_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    for line in (ROOT / "tests" / "nlu" / "test_nlu.yml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("- ") and not line.strip().startswith("- intent"):
            texts.append(line.strip()[2:])
    return texts


def load_semantic(model: Path) -> RiskClassifiers:
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(model) as archive:
        members = [m for m in archive.getmembers() if "RiskDetector" in m.name]
        archive.extractall(tmp, members=members)
        (state,) = Path(tmp).rglob(f"{ENGLISH_MODEL}.json")
        return RiskClassifiers.load(state.parent)


def timed(text: str, model: RiskClassifiers, encoder) -> float:
    start = time.perf_counter()
    assess_message(text, encoder.encode_message(text), model, encoder.encode_message)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "clinic.tar.gz")
    args = parser.parse_args()
    model, encoder = load_semantic(args.model), shared_model()
    warm_up(model)  # as the RiskDetector does when the model loads
    for text in realistic()[:20]:
        timed(text, model, encoder)  # warm caches
    times = [timed(text, model, encoder) for text in realistic()]
    times.sort()
    p99 = times[int(0.99 * (len(times) - 1))]
    print(f"realistic ({len(times)} messages): p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, "
          f"worst {times[-1]:.1f} ms")
    worst = {name: max(timed(text, model, encoder) for _ in range(5)) for name, text in adversarial().items()}
    for name, ms in sorted(worst.items(), key=lambda item: -item[1]):
        print(f"adversarial {name:<30} {ms:6.1f} ms")
    name = max(worst, key=worst.get)
    print(f"worst adversarial input: {name} ({worst[name]:.1f} ms)")


if __name__ == "__main__":
    main()
