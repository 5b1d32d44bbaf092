"""The review inbox: every visitor message the assistant handled badly or uncertainly.

A message is a candidate for one or more `Reason`s:
- FALLBACK: the NLU fallback (`nlu_fallback`), or Rasa's core fallback actions ran;
- OUT_OF_SCOPE: classified out of scope (by the intent classifier; see GATE_REJECTED for the DomainGate's own);
- LOW_CONFIDENCE: an intent below `low_confidence` (the FAQ answer's own confidence counts too);
- GATE_REJECTED: the DomainGate turned an FAQ prediction into out_of_scope. It leaves a mark in the
  parse data: `out_of_scope` on top of the ranking with the confidence of the `faq` entry right
  below it (rasa_plugins/intents.override_intent keeps the overruled intent in the ranking);
- REPHRASE: said again in other words straight after an FAQ answer (similar in meaning to the
  message that answer was for), so the answer probably missed;
- HUMAN_AFTER_ANSWER: asked for a person straight after an FAQ answer;
- RISK / DISTRESS: every detection of the risk detector (parse data `risk.level`).

Each comes with the two FAQ topics nearest in meaning (topics.FaqTopics), for staff to pick from.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace
from typing import Any

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import ReviewLabel
from clinic_assistant.db.review import labels_by_message
from clinic_assistant.review.topics import Encoder, FaqTopics, embed, faq_topics
from clinic_assistant.review.tracker_events import Turn, read_turns

LOW_CONFIDENCE = 0.5
# Two messages this close in meaning (cosine of MiniLM embeddings) say the same thing.
REPHRASE_SIMILARITY = 0.6
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = {"action_default_fallback", "action_two_stage_fallback", "utter_default"}
HUMAN_INTENT = "request_human"
NOT_JUDGED_BY_CONFIDENCE = {FALLBACK_INTENT, "crisis", "distress", "risk_mention", "not_safe", "safe_now"}


class Reason(str, enum.Enum):
    FALLBACK = "fallback"
    OUT_OF_SCOPE = "out_of_scope"
    LOW_CONFIDENCE = "low_confidence"
    GATE_REJECTED = "gate_rejected"
    REPHRASE = "rephrase_after_answer"
    HUMAN_AFTER_ANSWER = "human_after_answer"
    RISK = "risk"
    DISTRESS = "distress"


@dataclass(frozen=True)
class Candidate:
    sender_id: str
    event_id: int
    timestamp: float
    text: str
    intent: str | None
    confidence: float | None
    did: tuple[str, ...]
    reasons: tuple[Reason, ...]
    risk: dict[str, Any] | None = None
    nearest_topics: tuple[tuple[str, float], ...] = ()
    label: ReviewLabel | None = None

    @property
    def at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp, dt.timezone.utc)


def gate_rejected(parse_data: dict[str, Any]) -> bool:
    """The DomainGate's mark: out_of_scope first, the overruled `faq` next with the same confidence."""
    ranking = parse_data.get("intent_ranking") or []
    if len(ranking) < 2 or ranking[0].get("name") != "out_of_scope" or ranking[1].get("name") != "faq":
        return False
    return abs(float(ranking[0].get("confidence") or 0) - float(ranking[1].get("confidence") or 0)) < 1e-9


def _confidence(turn: Turn) -> float | None:
    """The intent's confidence; for an FAQ answer, the lower of it and the chosen answer's."""
    if turn.intent != "faq":
        return turn.confidence
    selected = ((turn.parse_data.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    values = [v for v in (turn.confidence, selected.get("confidence")) if v is not None]
    return min(float(v) for v in values) if values else None


def reasons_of(turn: Turn, previous: Turn | None, *, low_confidence: float) -> list[Reason]:
    """The reasons that need no embedding (REPHRASE is decided by meaning, in find_candidates)."""
    reasons: list[Reason] = []
    if turn.intent == FALLBACK_INTENT or FALLBACK_ACTIONS & set(turn.did):
        reasons.append(Reason.FALLBACK)
    if gate_rejected(turn.parse_data):
        reasons.append(Reason.GATE_REJECTED)
    elif turn.intent == "out_of_scope":
        reasons.append(Reason.OUT_OF_SCOPE)
    confidence = _confidence(turn)
    if turn.intent not in NOT_JUDGED_BY_CONFIDENCE and confidence is not None and confidence < low_confidence:
        reasons.append(Reason.LOW_CONFIDENCE)
    if turn.intent == HUMAN_INTENT and previous is not None and previous.answered_faq:
        reasons.append(Reason.HUMAN_AFTER_ANSWER)
    level = turn.risk_level
    if level == "risk":
        reasons.append(Reason.RISK)
    elif level == "distress":
        reasons.append(Reason.DISTRESS)
    return reasons


def find_candidates(
    tracker_store_url: str,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    low_confidence: float = LOW_CONFIDENCE,
    topics: FaqTopics | None = None,
    encoder: Encoder | None = None,
    limit: int = 500,
) -> list[Candidate]:
    """The candidates among visitor messages in [since, until), newest first (at most `limit`).

    `topics` defaults to the FAQ file's (real MiniLM, cached); `encoder` embeds the messages
    (MiniLM by default). Tests pass both to stay fast.
    """
    turns = read_turns(tracker_store_url, since=since, until=until)
    found: list[tuple[Turn, list[Reason]]] = []
    rephrase_pairs: list[tuple[int, Turn, Turn]] = []
    previous: Turn | None = None
    for turn in turns:
        if previous is not None and previous.sender_id != turn.sender_id:
            previous = None
        reasons = reasons_of(turn, previous, low_confidence=low_confidence)
        found.append((turn, reasons))
        if previous is not None and previous.answered_faq and turn.intent != HUMAN_INTENT and turn.text.strip():
            rephrase_pairs.append((len(found) - 1, previous, turn))
        previous = turn
    if rephrase_pairs:
        vectors = embed([t.text for _, p, t in rephrase_pairs for t in (p, t)], encoder)
        for n, (index, _, _) in enumerate(rephrase_pairs):
            if float(vectors[2 * n] @ vectors[2 * n + 1]) >= REPHRASE_SIMILARITY:
                found[index][1].append(Reason.REPHRASE)
    chosen = [(t, r) for t, r in found if r]
    chosen.sort(key=lambda pair: (pair[0].timestamp, pair[0].event_id), reverse=True)
    chosen = chosen[:limit]
    if not chosen:
        return []
    topics = topics if topics is not None else faq_topics()
    nearest = topics.nearest(embed([t.text for t, _ in chosen], encoder)) if topics.names else [()] * len(chosen)
    return [
        Candidate(
            sender_id=t.sender_id, event_id=t.event_id, timestamp=t.timestamp, text=t.text, intent=t.intent,
            confidence=_confidence(t), did=t.did, reasons=tuple(dict.fromkeys(r)), risk=t.risk,
            nearest_topics=near,
        )
        for (t, r), near in zip(chosen, nearest, strict=True)
    ]


def review_inbox(
    database_url: str,
    tracker_store_url: str,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    include_labelled: bool = False,
    low_confidence: float = LOW_CONFIDENCE,
    topics: FaqTopics | None = None,
    encoder: Encoder | None = None,
    limit: int = 500,
) -> list[Candidate]:
    """The inbox the console shows: candidates with their label; labelled ones only when asked."""
    candidates = find_candidates(
        tracker_store_url, since=since, until=until, low_confidence=low_confidence, topics=topics,
        encoder=encoder, limit=limit,
    )
    with session_scope(database_url) as session:
        labels = labels_by_message(session=session, sender_ids={c.sender_id for c in candidates})
        session.expunge_all()
    labelled = [replace(c, label=labels.get((c.sender_id, c.event_id))) for c in candidates]
    return labelled if include_labelled else [c for c in labelled if c.label is None]

