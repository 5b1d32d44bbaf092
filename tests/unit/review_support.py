"""Shared by the review-loop tests: a hand-filled tracker store and a fast stand-in encoder."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from typing import Any

import numpy as np
import sqlalchemy as sa

from clinic_assistant.db.rasa_events import RASA_EVENTS_METADATA, events
from clinic_assistant.review.topics import FaqTopics

DIMENSIONS = 256
DAY_ONE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)  # a Monday


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A deterministic stand-in for MiniLM: hashed bag of words, unit length. Texts that share most
    words are close, as they are for the real encoder. Each text's row is computed once per test
    process: every export embeds the project's ~20,000 training and held-out texts again."""
    if not texts:
        return np.zeros((0, DIMENSIONS), np.float32)
    return np.stack([_bag_of_words_row(text) for text in texts])


@functools.cache
def _bag_of_words_row(text: str) -> np.ndarray:
    row = np.zeros(DIMENSIONS, np.float32)
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        row[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    row /= max(float(np.linalg.norm(row)), 1e-12)
    row.flags.writeable = False  # shared between calls
    return row


TOPIC_EXAMPLES = {
    "faq/cost": ["how much does it cost", "what is the price of an infusion", "how much is one session"],
    "faq/side_effects": ["what are the side effects", "will it make me feel sick", "side effects of ketamine"],
    "faq/location_hours": ["where is the clinic", "what are your opening hours", "where do i park"],
}


def small_topics() -> FaqTopics:
    return FaqTopics.from_examples(TOPIC_EXAMPLES, encoder=bag_of_words)


class Tracker:
    """Rasa's `events` table in an SQLite file, filled as Rasa 3.6 fills it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = sa.create_engine(url, future=True)
        RASA_EVENTS_METADATA.create_all(self.engine)
        self.clock = DAY_ONE

    def at(self, moment: dt.datetime) -> Tracker:
        self.clock = moment
        return self

    def _add(self, sender_id: str, event: dict[str, Any]) -> int:
        self.clock += dt.timedelta(seconds=1)
        event = {"timestamp": self.clock.timestamp(), **event}
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") if event["event"] == "user" else None
        row = dict(sender_id=sender_id, type_name=event["event"], timestamp=event["timestamp"], intent_name=intent,
                   action_name=event.get("name"), data=json.dumps(event))
        with self.engine.begin() as connection:
            return connection.execute(events.insert().values(**row)).inserted_primary_key[0]

    def user(self, sender_id: str, text: str, intent: str, confidence: float = 0.95, *, ranking=None,
             topic: str | None = None, topic_confidence: float = 0.9, risk: dict | None = None) -> int:
        parse_data: dict[str, Any] = {
            "text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
        }
        if topic:
            parse_data["response_selector"] = {"faq": {"response": {
                "intent_response_key": f"faq/{topic}", "confidence": topic_confidence}}}
        if risk is not None:
            parse_data["risk"] = risk
        return self._add(sender_id, {"event": "user", "text": text, "parse_data": parse_data})

    def action(self, sender_id: str, name: str) -> int:
        return self._add(sender_id, {"event": "action", "name": name})

    def bot(self, sender_id: str, text: str, utter_action: str | None = None) -> int:
        metadata = {"utter_action": utter_action} if utter_action else {}
        return self._add(sender_id, {"event": "bot", "text": text, "data": {}, "metadata": metadata})

    def reply(self, sender_id: str, response: str) -> None:
        """The assistant answering with one response, then listening."""
        self.action(sender_id, response.split("/")[0])
        self.bot(sender_id, "...", response)
        self.action(sender_id, "action_listen")

    def loop(self, sender_id: str, name: str | None) -> int:
        return self._add(sender_id, {"event": "active_loop", "name": name})

    def dispose(self) -> None:
        self.engine.dispose()


RISK = {"level": "risk", "situation": "suicide", "category": "suicide_self_harm", "severity": "high",
        "evidence": ["want to die"]}
