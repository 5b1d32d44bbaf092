"""Rasa's tracker store for tests: the `events` table in a throwaway database, filled by hand."""
from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa

from clinic_assistant.db.rasa_events import RASA_EVENTS_METADATA, events


class TrackerStore:
    """Rasa's `events` table (clinic_assistant/db/rasa_events.py), in any SQLAlchemy database,
    filled by the tests as Rasa would fill it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = sa.create_engine(url, future=True)
        RASA_EVENTS_METADATA.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    def add(self, sender_id: str, event: dict[str, Any], at: float | None = None) -> int:
        event = {"timestamp": at if at is not None else time.time(), **event}
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name") if event["event"] == "user" else None
        row = dict(sender_id=sender_id, type_name=event["event"], timestamp=event["timestamp"], intent_name=intent,
                   action_name=event.get("name"), data=json.dumps(event))
        with self.engine.begin() as connection:
            return connection.execute(events.insert().values(**row)).inserted_primary_key[0]

    def user(self, sender_id: str, text: str, intent: str = "greet", risk: dict | None = None, at=None) -> int:
        parse_data = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
        if risk is not None:
            parse_data["risk"] = risk
        return self.add(sender_id, {"event": "user", "text": text, "parse_data": parse_data}, at)

    def bot(self, sender_id: str, text: str | None, buttons=None, custom=None, at=None) -> int:
        data = {"elements": None, "quick_replies": None, "buttons": buttons, "attachment": None, "image": None,
                "custom": custom}
        return self.add(sender_id, {"event": "bot", "text": text, "data": data, "metadata": {}}, at)

    def action(self, sender_id: str, name: str, at=None) -> int:
        return self.add(sender_id, {"event": "action", "name": name}, at)

    def session_start(self, sender_id: str, at=None) -> int:
        return self.add(sender_id, {"event": "session_started"}, at)

    def pause(self, sender_id: str) -> int:
        return self.add(sender_id, {"event": "pause"})

    def resume(self, sender_id: str) -> int:
        return self.add(sender_id, {"event": "resume"})
