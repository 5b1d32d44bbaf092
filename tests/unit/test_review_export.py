"""`make review-export`: labelled messages become reviewed.yml and the risk regressions, without
personal details, near-duplicates or held-out tests; a failed validation keeps the old files."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import AuditEvent, ReviewLabelKind
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.db.review import MessageRef, label_message
from clinic_assistant.review.export import (
    REGRESSIONS,
    REVIEWED_NLU,
    Dropped,
    Validation,
    export_reviewed,
    held_out_texts,
    normalise,
    run_rasa_validate,
    training_texts,
)
from clinic_assistant.review.topics import read_nlu_examples
from clinic_assistant.settings import PROJECT_ROOT
from tests.unit.review_support import Tracker, bag_of_words

PASSES = staticmethod(lambda root: Validation(True))


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of what the export reads and writes: data, domain, config, held-out tests, safety data."""
    root = tmp_path / "project"
    for name in ("domain.yml", "config.yml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / name, root / name)
    for folder in ("data", "tests/nlu", "tests/safety", "safety/training"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    (root / REVIEWED_NLU).unlink(missing_ok=True)
    (root / REGRESSIONS).unlink(missing_ok=True)
    return root


def _training_example_with_many_words(root: Path) -> str:
    for texts in read_nlu_examples(root / "data" / "nlu" / "faq.yml").values():
        for text in texts:
            words = normalise(text).split()
            if len(words) >= 11 and len(set(words)) == len(words):
                return text
    raise AssertionError("no long FAQ example to build a near-duplicate from")


def _training_only(root: Path) -> str:
    held_out = {normalise(t) for t in held_out_texts(root)}
    return next(t for t in read_nlu_examples(root / "data" / "nlu" / "faq.yml")["faq/cost"]
                if normalise(t) not in held_out)


def _held_out_only(root: Path) -> str:
    training = {normalise(t) for t in training_texts(root)}
    return next(t for t in read_nlu_examples(root / "tests" / "nlu" / "test_nlu.yml")["faq/cost"]
                if normalise(t) not in training)


@pytest.fixture
def labelled(project, tmp_path, database_url):
    """Messages in a tracker store, each labelled as a member of staff would (SQLite and PostgreSQL)."""
    yield from _labelled(project, tmp_path, database_url)


@pytest.fixture
def labelled_on_sqlite(project, tmp_path, app_database):
    """The same, on SQLite only: for what does not depend on the app database (rasa data validate)."""
    yield from _labelled(project, tmp_path, app_database)


def _labelled(project, tmp_path, database_url):
    tracker = Tracker(f"sqlite:///{tmp_path}/tracker.db")
    near_duplicate = _training_example_with_many_words(project) + " honestly"  # cosine about 0.96
    messages = [
        ("hi im sam, how much would the whole thing run me? call 503-555-0142", ReviewLabelKind.TOPIC, "cost"),
        ("do people get headaches for days afterwards, email me at jo.lee@mail.org",
         ReviewLabelKind.TOPIC, "side_effects"),
        ("can you recommend a good pizza place near the clinic", ReviewLabelKind.OUT_OF_SCOPE, None),
        ("Can you recommend a good pizza place near the clinic??", ReviewLabelKind.OUT_OF_SCOPE, None),
        (_training_only(project), ReviewLabelKind.TOPIC, "cost"),
        (near_duplicate, ReviewLabelKind.TOPIC, "cost"),
        (_held_out_only(project), ReviewLabelKind.TOPIC, "cost"),
        ("is there somewhere to leave my bike", ReviewLabelKind.NEW_TOPIC, "parking"),
        ("been giving my stuff away and writing letters to everyone, born 03/14/1990",
         ReviewLabelKind.MISSED_CRISIS, None),
        ("this traffic is killing me, running late to my consult", ReviewLabelKind.FALSE_ALARM, None),
    ]
    with session_scope(database_url) as session:
        for number, (text, kind, topic) in enumerate(messages):
            event_id = tracker.user(f"visitor-{number}", text, "nlu_fallback", 0.5)
            ref = MessageRef(f"visitor-{number}", event_id, tracker.clock.timestamp())
            label_message(session=session, message=ref, kind=kind, topic=topic, staff_username="sam")
        # A label whose transcript was purged since.
        label_message(session=session, message=MessageRef("gone", 9999, 1.0), kind=ReviewLabelKind.OUT_OF_SCOPE,
                      staff_username="sam")
    yield {"database_url": database_url, "tracker_url": tracker.url, "root": project}
    tracker.dispose()
    dispose_tracker_engines()


def export(labelled, validate=PASSES):
    return export_reviewed(labelled["database_url"], labelled["tracker_url"], root=labelled["root"],
                           encoder=bag_of_words, validate=validate)


def test_labelled_messages_become_rasa_training_data_without_personal_details(labelled):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    report = export(labelled)
    assert report.kept
    text = (labelled["root"] / REVIEWED_NLU).read_text()
    examples = {(m.get("intent"), m.get("text")) for m in RasaYAMLReader().reads(text).intent_examples}
    assert {intent for intent, _ in examples} == {"faq", "out_of_scope"}
    assert read_nlu_examples(labelled["root"] / REVIEWED_NLU) == {
        "faq/cost": ["hi im Alex, how much would the whole thing run me? call 555-0100"],
        "faq/side_effects": ["do people get headaches for days afterwards, email me at someone@example.com"],
        "out_of_scope": ["can you recommend a good pizza place near the clinic"],
    }
    for detail in ("sam", "503", "jo.lee", "1990"):
        assert detail not in text.lower().replace("same", "")
    assert report.examples == {"faq/cost": 1, "faq/side_effects": 1, "out_of_scope": 1}


def test_duplicates_near_duplicates_held_out_tests_and_purged_messages_are_dropped(labelled):
    report = export(labelled)
    assert report.dropped == {
        Dropped.REPEATED: 1, Dropped.TRAINING_DUPLICATE: 1, Dropped.TRAINING_NEAR_DUPLICATE: 1,
        Dropped.HELD_OUT: 1, Dropped.NEEDS_ANSWER: 1, Dropped.TRANSCRIPT_GONE: 1,
    }
    written = read_nlu_examples(labelled["root"] / REVIEWED_NLU)
    held_out = {normalise(t) for t in held_out_texts(labelled["root"])}
    assert not {normalise(t) for texts in written.values() for t in texts} & held_out


def test_a_new_topic_waits_for_its_answer_to_be_written(labelled):
    report = export(labelled)
    assert report.topics_needing_answer == ["parking"]
    assert "faq/parking" not in read_nlu_examples(labelled["root"] / REVIEWED_NLU)
    domain = labelled["root"] / "domain.yml"
    domain.write_text(domain.read_text().replace(
        "responses:\n", 'responses:\n  utter_faq/parking:\n  - text: "Bike racks are by the entrance."\n', 1))
    report = export(labelled)
    assert report.topics_needing_answer == []
    assert read_nlu_examples(labelled["root"] / REVIEWED_NLU)["faq/parking"] == ["is there somewhere to leave my bike"]


def test_risk_labels_become_regression_rows_and_are_audited(labelled):
    export(labelled)
    with (labelled["root"] / REGRESSIONS).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["text"], r["level"], r["construct"]) for r in rows] == [
        ("this traffic is killing me, running late to my consult", "none", "reviewed_false_alarm"),
        ("been giving my stuff away and writing letters to everyone, born 01/01/2000", "risk",
         "reviewed_missed_crisis"),
    ]
    with session_scope(labelled["database_url"]) as session:
        exports = [e for e in session.execute(select(AuditEvent)).scalars()
                   if e.action == AuditAction.REVIEW_EXPORT.value]
    assert [e.detail for e in exports] == ["examples=3; regressions=2; dropped=6"]


def test_a_failed_validation_puts_the_previous_files_back_and_says_why(labelled):
    nlu, regressions = labelled["root"] / REVIEWED_NLU, labelled["root"] / REGRESSIONS
    nlu.write_text('version: "3.1"\nnlu: []\n')
    report = export(labelled, validate=lambda root: Validation(False, "the intent 'faq/x' has no response"))
    assert not report.kept
    assert nlu.read_text() == 'version: "3.1"\nnlu: []\n' and not regressions.exists()
    assert "has no response" in report.summary() and "previous files were put back" in report.summary()


def test_rasa_data_validate_accepts_the_export(labelled_on_sqlite):
    report = export(labelled_on_sqlite, validate=run_rasa_validate)
    assert report.validation.ok, report.validation.output
    assert report.kept and (labelled_on_sqlite["root"] / REVIEWED_NLU).is_file()
