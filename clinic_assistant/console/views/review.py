"""The review inbox (/staff/review): visitor messages the assistant handled badly or uncertainly
(clinic_assistant/review/candidates.py), each with what the assistant did, its confidence and the
two nearest FAQ topics, and a form to label it (stored by db/review.py, which audits it).

Labelled messages leave the inbox; "show labelled too" lists them with their label. The labels feed
`make review-export` (new training examples) and the reports (confirmed crises, false alarms).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import (
    DayRange,
    audit_event,
    check_conversation_id,
    db,
    enum_arg,
    local_time,
    safe_next,
    settings,
    tracker_url,
)
from clinic_assistant.console.transcripts import visitor_message_timestamp
from clinic_assistant.db.audit import AuditAction
from clinic_assistant.db.models import ReviewLabelKind
from clinic_assistant.db.review import LabelError, MessageRef, label_message
from clinic_assistant.review.candidates import Reason, review_inbox
from clinic_assistant.review.topics import Encoder, FaqTopics, faq_topics

# app.extensions key: (FaqTopics, encoder) to use instead of the real MiniLM ones (tests set it).
REVIEW_MODELS_KEY = "review_models"
INBOX_LIMIT = 200
DEFAULT_DAYS = 30
REASON_LABELS = {
    Reason.FALLBACK: "fallback",
    Reason.OUT_OF_SCOPE: "out of scope",
    Reason.LOW_CONFIDENCE: "low confidence",
    Reason.GATE_REJECTED: "FAQ answer refused by the domain gate",
    Reason.REPHRASE: "said again after an FAQ answer",
    Reason.HUMAN_AFTER_ANSWER: "asked for a person after an FAQ answer",
    Reason.RISK: "risk detected",
    Reason.DISTRESS: "distress detected",
}
KIND_LABELS = {
    ReviewLabelKind.TOPIC: "this FAQ topic",
    ReviewLabelKind.NEW_TOPIC: "a new topic (name it)",
    ReviewLabelKind.OUT_OF_SCOPE: "out of scope",
    ReviewLabelKind.MISSED_CRISIS: "missed crisis",
    ReviewLabelKind.FALSE_ALARM: "false alarm",
    ReviewLabelKind.CONFIRMED_CRISIS: "confirmed crisis",
    ReviewLabelKind.IGNORE: "ignore",
}


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/review", view_func=review, methods=["GET"])
    blueprint.add_url_rule("/review/label", view_func=review_label, methods=["POST"])


def review_models() -> tuple[FaqTopics, Encoder | None]:
    """The FAQ topics and the encoder for messages: the real MiniLM ones unless the app was given others."""
    models = current_app.extensions.get(REVIEW_MODELS_KEY)
    return models if models is not None else (faq_topics(), None)


def review():
    errors: list[str] = []
    days = DayRange.from_args(request.args, errors, default_days=DEFAULT_DAYS)
    show_labelled = request.args.get("show") == "all"
    topics, encoder = review_models()
    candidates = review_inbox(
        settings().database_url, tracker_url(), since=days.since, until=days.until,
        include_labelled=show_labelled, topics=topics, encoder=encoder, limit=INBOX_LIMIT,
    )
    shown = "all" if show_labelled else "unlabelled"
    audit_event(AuditAction.VIEW_REVIEW, f"candidates={len(candidates)}; show={shown}; from={days.day_from}; "
                                         f"to={days.day_to}")
    return render_template(
        "staff/review.html", candidates=candidates, days=days, show_labelled=show_labelled, errors=errors,
        topic_names=topics.names, kinds=list(ReviewLabelKind), kind_labels=KIND_LABELS, reason_text=REASON_LABELS,
        limit=INBOX_LIMIT, back=request.full_path.rstrip("?"), local_time=local_time,
    )


def review_label():
    conversation_id = request.form.get("conversation_id", "")
    check_conversation_id(conversation_id)
    event_id = request.form.get("event_id", type=int)
    kind = enum_arg(ReviewLabelKind, request.form.get("kind"))
    if event_id is None or kind is None:
        abort(400, description="Name the message and choose a label.")
    timestamp = visitor_message_timestamp(tracker_url(), conversation_id, event_id)
    if timestamp is None:
        abort(404, description="That message is not in the tracker store (deleted, or never there).")
    topic = request.form.get("new_topic" if kind is ReviewLabelKind.NEW_TOPIC else "topic", "").strip()
    topics, _ = review_models()
    try:
        with db() as session:
            label_message(
                session=session, message=MessageRef(conversation_id, event_id, timestamp), kind=kind,
                staff_username=current_staff().username, topic=topic or None, known_topics=topics.names,
            )
    except LabelError as error:
        flash(str(error), "error")
    else:
        flash(f"Labelled as {KIND_LABELS[kind]}{f' ({topic})' if topic and kind.value.endswith('topic') else ''}.",
              "info")
    return redirect(safe_next(request.form.get("back")) if request.form.get("back") else url_for("staff.review"))
