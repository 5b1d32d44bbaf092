"""From staff labels to training and test data: `make review-export`
(`python -m clinic_assistant.review.export`).

- FAQ-topic and out-of-scope labels become `data/nlu/reviewed.yml` (Rasa 3.1 YAML, `faq/<topic>`
  retrieval intents as in data/nlu/faq.yml, and `out_of_scope`). A new topic named by staff is
  written only once domain.yml has its answer (`utter_faq/<topic>`): until then the report lists it
  for a person to write. Answers are never made up here.
- Missed-crisis and false-alarm labels become `tests/safety/reviewed_regressions.csv` (the columns
  of the held-out sets), which tests/integration/test_reviewed_regressions.py checks against the
  trained model.

Before anything is written each message loses its personal details (review/pii.py), and is dropped
when it is empty, repeated, a near-duplicate of an existing training example (normalised text
equal, or MiniLM cosine >= NEAR_DUPLICATE), or in (or near) a held-out test: tests/nlu/test_nlu.yml
and tests/safety/*. A risk regression is likewise never a training example. Both files are rebuilt
from all labels each time. Then `rasa data validate --fail-on-warnings` runs; if it fails, the
previous files are put back and the report says why.
"""
from __future__ import annotations

import argparse
import csv
import enum
import io
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import ReviewLabelKind
from clinic_assistant.db.review import labels_of_kinds
from clinic_assistant.review.pii import scrub
from clinic_assistant.review.topics import Encoder, embed, load_yaml, read_nlu_examples
from clinic_assistant.review.tracker_events import read_message_texts
from clinic_assistant.risk.language import detect_language
from clinic_assistant.settings import PROJECT_ROOT, Settings, load_settings
from clinic_assistant.text import normalise

NEAR_DUPLICATE = 0.95
REVIEWED_NLU = Path("data/nlu/reviewed.yml")
REGRESSIONS = Path("tests/safety/reviewed_regressions.csv")
REGRESSION_COLUMNS = ("text", "level", "situation", "construct", "language")
TRAINING_KINDS = (ReviewLabelKind.TOPIC, ReviewLabelKind.NEW_TOPIC, ReviewLabelKind.OUT_OF_SCOPE)
RISK_KINDS = (ReviewLabelKind.MISSED_CRISIS, ReviewLabelKind.FALSE_ALARM)
VALIDATE_TIMEOUT_SECONDS = 900


class Dropped(str, enum.Enum):
    TRANSCRIPT_GONE = "its transcript was deleted"
    EMPTY = "nothing left after removing personal details"
    REPEATED = "the same text was labelled more than once"
    TRAINING_DUPLICATE = "already a training example"
    TRAINING_NEAR_DUPLICATE = "a near-duplicate of a training example"
    HELD_OUT = "in a held-out test set"
    HELD_OUT_NEAR_DUPLICATE = "a near-duplicate of a held-out test"
    NEEDS_ANSWER = "a new topic without an answer in domain.yml yet"


@dataclass(frozen=True)
class Validation:
    ok: bool
    output: str = ""


@dataclass
class ExportReport:
    examples: Counter = field(default_factory=Counter)  # intent -> examples written
    regressions: Counter = field(default_factory=Counter)  # label kind -> rows written
    dropped: Counter = field(default_factory=Counter)  # Dropped -> messages
    topics_needing_answer: list[str] = field(default_factory=list)
    validation: Validation | None = None
    kept: bool = False

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            return f" ({', '.join(f'{k}: {v}' for k, v in sorted(counter.items()))})" if counter else ""

        lines = [f"Training examples written: {sum(self.examples.values())}{counts(self.examples)}",
                 f"Risk regressions written: {sum(self.regressions.values())}{counts(self.regressions)}"]
        lines += [f"Dropped {count}: {reason.value}" for reason, count in sorted(self.dropped.items())]
        if self.topics_needing_answer:
            lines.append("New topics that need an answer written in domain.yml (utter_faq/<topic>) before they "
                         "can be trained: " + ", ".join(self.topics_needing_answer))
        if self.validation is not None and not self.validation.ok:
            lines.append("rasa data validate failed, so the previous files were put back:\n" + self.validation.output)
        lines.append("Kept." if self.kept else "Nothing was changed.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Item:
    text: str
    intent: str | None  # "faq/<topic>" or "out_of_scope"; None for a risk regression
    kind: ReviewLabelKind


def _one_line(text: str) -> str:
    """A message as one line of a Rasa examples block; brackets would read as entity annotations."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


# ------------------------------------------------------------------------------------------------
# What already exists: training examples and held-out tests
# ------------------------------------------------------------------------------------------------


def training_texts(root: Path) -> list[str]:
    """Every NLU training example (data/nlu, reviewed.yml excepted: it is rebuilt) and the risk
    detector's own examples (safety/training)."""
    texts = [t for path in sorted((root / "data" / "nlu").glob("*.yml")) if path.name != REVIEWED_NLU.name
             for examples in read_nlu_examples(path).values() for t in examples]
    for path in sorted((root / "safety" / "training").glob("*.yml")):
        document = load_yaml(path) or {}
        texts += [str(t) for group in document.get("groups") or [] for t in group.get("examples") or []]
    return texts


def held_out_texts(root: Path) -> list[str]:
    """The held-out tests' messages: tests/nlu/test_nlu.yml, the tests/safety sets and conversations
    (this export's own regressions file excepted: it is rebuilt)."""
    texts = [t for examples in read_nlu_examples(root / "tests" / "nlu" / "test_nlu.yml").values() for t in examples]
    safety = root / "tests" / "safety"
    for path in sorted(safety.glob("*.csv")):
        if path.name != REGRESSIONS.name:
            with path.open(encoding="utf-8", newline="") as handle:
                texts += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    for path in sorted(safety.glob("*.yml")):
        document = load_yaml(path) or {}
        texts += [str(turn["text"]) for conversation in document.get("conversations") or []
                  for turn in conversation.get("turns") or [] if isinstance(turn, dict) and turn.get("text")]
    return texts


def answered_topics(root: Path) -> set[str]:
    """FAQ topics that have an answer in domain.yml."""
    domain = load_yaml(root / "domain.yml") or {}
    return {name.split("/", 1)[1] for name in domain.get("responses") or {} if name.startswith("utter_faq/")}


# ------------------------------------------------------------------------------------------------
# Filtering
# ------------------------------------------------------------------------------------------------


def drop_overlaps(
    items: list[Item], *, training: list[str], held_out: list[str], report: ExportReport,
    encoder: Encoder | None, cache_dir: Path | None, extra_training: list[str] = (),
    extra_held_out: list[str] = (), threshold: float = NEAR_DUPLICATE,
) -> list[Item]:
    """Items that are neither (near-)duplicates of training examples nor of held-out tests.

    `training` and `held_out` are the project's files (their embeddings cached); the `extra_`
    lists are this export's other output, embedded afresh.
    """
    training_all, held_out_all = [*training, *extra_training], [*held_out, *extra_held_out]
    training_norm, held_out_norm = {normalise(t) for t in training_all}, {normalise(t) for t in held_out_all}
    kept: list[Item] = []
    for item in items:
        key = normalise(item.text)
        if key in held_out_norm:
            report.dropped[Dropped.HELD_OUT] += 1
        elif key in training_norm:
            report.dropped[Dropped.TRAINING_DUPLICATE] += 1
        else:
            kept.append(item)
    if not kept:
        return kept
    vectors = embed([i.text for i in kept], encoder)

    def nearest(cached: list[str], fresh: list[str]) -> np.ndarray:
        best = np.full(len(kept), -1.0)
        for texts, directory in ((cached, cache_dir), (fresh, None)):
            if texts:
                best = np.maximum(best, (vectors @ embed(texts, encoder, directory).T).max(axis=1))
        return best

    near_held_out, near_training = nearest(held_out, list(extra_held_out)), nearest(training, list(extra_training))
    result = []
    for item, held, trained in zip(kept, near_held_out, near_training, strict=True):
        if held >= threshold:
            report.dropped[Dropped.HELD_OUT_NEAR_DUPLICATE] += 1
        elif trained >= threshold:
            report.dropped[Dropped.TRAINING_NEAR_DUPLICATE] += 1
        else:
            result.append(item)
    return result


def _unique(items: Iterable[Item], report: ExportReport) -> list[Item]:
    seen: set[str] = set()
    unique = []
    for item in items:
        key = normalise(item.text)
        if not key:
            report.dropped[Dropped.EMPTY] += 1
        elif key in seen:
            report.dropped[Dropped.REPEATED] += 1
        else:
            seen.add(key)
            unique.append(item)
    return unique


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def render_nlu(items: list[Item]) -> str:
    """Rasa 3.1 NLU YAML with one block per intent, intents and examples sorted."""
    by_intent: dict[str, list[str]] = {}
    for item in items:
        by_intent.setdefault(item.intent or "", []).append(_one_line(item.text))
    lines = [
        "# Written by `make review-export` from the staff's labels in the review inbox, personal details",
        "# removed. Do not edit: change the labels and export again.",
        'version: "3.1"',
        "",
        "nlu:" if by_intent else "nlu: []",
    ]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in sorted(by_intent[intent], key=str.lower)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_regressions(items: list[Item]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(REGRESSION_COLUMNS)
    for item in sorted(items, key=lambda i: (i.kind.value, i.text.lower())):
        missed = item.kind is ReviewLabelKind.MISSED_CRISIS
        writer.writerow([_one_line(item.text), "risk" if missed else "none",
                         "reviewed" if missed else "false_alarm", f"reviewed_{item.kind.value}",
                         detect_language(item.text)])
    return buffer.getvalue()


def run_rasa_validate(root: Path) -> Validation:
    """`rasa data validate --fail-on-warnings` on the project at `root` (a subprocess)."""
    command = [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings",
               "--data", "data", "--domain", "domain.yml", "--config", "config.yml"]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=VALIDATE_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return Validation(False, f"rasa data validate took longer than {VALIDATE_TIMEOUT_SECONDS} s")
    output = "\n".join(line for line in (done.stdout + done.stderr).splitlines()
                       if "Processed story blocks" not in line)
    interesting = [line for line in output.splitlines() if re.search(r"error|warn|exception", line, re.I)]
    return Validation(done.returncode == 0, "\n".join((interesting or output.splitlines())[-20:]))


def _write_or_remove(path: Path, content: str | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# The export
# ------------------------------------------------------------------------------------------------


def export_reviewed(
    database_url: str,
    tracker_store_url: str,
    *,
    root: Path = PROJECT_ROOT,
    encoder: Encoder | None = None,
    validate: Callable[[Path], Validation] = run_rasa_validate,
    staff_username: str | None = None,
) -> ExportReport:
    """Rebuilds data/nlu/reviewed.yml and tests/safety/reviewed_regressions.csv under `root` from
    every label, validates, and keeps them only when the validation passes (see the module doc)."""
    report = ExportReport()
    with session_scope(database_url) as session:
        labels = [(lb.sender_id, lb.event_id, lb.event_timestamp, lb.kind, lb.topic)
                  for lb in labels_of_kinds(session=session, kinds=(*TRAINING_KINDS, *RISK_KINDS))]
    texts = read_message_texts(tracker_store_url, [(s, i, ts) for s, i, ts, _, _ in labels])
    answered = answered_topics(root)
    items: list[Item] = []
    for sender_id, event_id, _, kind, topic in labels:
        text = texts.get((sender_id, event_id))
        if text is None:
            report.dropped[Dropped.TRANSCRIPT_GONE] += 1
            continue
        if kind is ReviewLabelKind.NEW_TOPIC and topic not in answered:
            report.dropped[Dropped.NEEDS_ANSWER] += 1
            if topic not in report.topics_needing_answer:
                report.topics_needing_answer.append(topic)
            continue
        intent = "out_of_scope" if kind is ReviewLabelKind.OUT_OF_SCOPE else (
            f"faq/{topic}" if kind in (ReviewLabelKind.TOPIC, ReviewLabelKind.NEW_TOPIC) else None)
        items.append(Item(scrub(text).strip(), intent, kind))
    items = _unique(items, report)

    cache_dir = root / "var" / "cache" / "review"
    training, held_out = training_texts(root), held_out_texts(root)
    for_training = [i for i in items if i.intent is not None]
    regressions = [i for i in items if i.intent is None]
    # Training examples must not be tests (held out, or this export's regressions); regressions
    # must not be training examples.
    for_training = drop_overlaps(for_training, training=training, held_out=held_out, report=report, encoder=encoder,
                                 cache_dir=cache_dir, extra_held_out=[i.text for i in regressions])
    regressions = drop_overlaps(regressions, training=training, held_out=[], report=report, encoder=encoder,
                                cache_dir=cache_dir, extra_training=[i.text for i in for_training])
    report.examples.update(i.intent for i in for_training)
    report.regressions.update(i.kind.value for i in regressions)

    nlu_path, csv_path = root / REVIEWED_NLU, root / REGRESSIONS
    previous = {p: p.read_text(encoding="utf-8") if p.is_file() else None for p in (nlu_path, csv_path)}
    _write_or_remove(nlu_path, render_nlu(for_training) if for_training else None)
    report.validation = validate(root)
    if not report.validation.ok:
        for path, content in previous.items():
            _write_or_remove(path, content)
        return report
    _write_or_remove(csv_path, render_regressions(regressions) if regressions else None)
    report.kept = True
    with session_scope(database_url) as session:
        detail = (f"examples={sum(report.examples.values())}; regressions={sum(report.regressions.values())}; "
                  f"dropped={sum(report.dropped.values())}")
        record(session=session, action=AuditAction.REVIEW_EXPORT, staff_username=staff_username, detail=detail)
    return report


def _settings() -> Settings:
    """The settings of `make run` (its development secrets too, as staff_cli does)."""
    environ = dict(os.environ)
    if environ.get("ENV", "development") != "production" and not all(
        environ.get(name) for name in ("RASA_API_TOKEN", "CONSOLE_SECRET_KEY")
    ):
        from clinic_assistant.run import ensure_dev_secrets

        ensure_dev_secrets(environ)
    return load_settings(environ)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic_assistant.review.export",
                                     description="Write the staff's review labels into training and test data.")
    parser.parse_args(argv)
    settings = _settings()
    report = export_reviewed(settings.database_url, settings.tracker_store_url)
    print(report.summary())
    return 0 if report.kept else 1


if __name__ == "__main__":
    sys.exit(main())
