"""Conversations as the console shows them, read from Rasa's SQL tracker store (the transcript of
record; its table and queries are in clinic_assistant/db/rasa_events.py).

Rasa's events become `TranscriptEntry` values:
- user messages (text, intent, and the risk detector's assessment from parse_data["risk"]);
- bot messages (text, buttons); a bot message whose data.custom.data.type is "staff_message" is a
  staff member's reply (staff_name, text);
- session starts, and pause/resume events ("Staff took over" / "Bot resumed").

It never writes: it reads through the read-only engine. A tracker store that does not exist yet
(Rasa never started) reads as empty.
"""
from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from clinic_assistant.db.rasa_events import (
    conversation_activity,
    conversation_events,
    last_user_events,
    latest_pause_or_resume,
    tracker_engine,
    user_event_timestamp,
)

log = logging.getLogger(__name__)

SHOWN_EVENT_TYPES = ("user", "bot", "session_started", "pause", "resume")
STAFF_MESSAGE_TYPE = "staff_message"


class EntryKind(str, enum.Enum):
    USER = "user"
    BOT = "bot"
    STAFF = "staff"
    STAFF_NOTICE = "staff_notice"  # e.g. "Sam has joined", sent by the console's client
    SESSION_START = "session_start"
    PAUSED = "paused"
    RESUMED = "resumed"


NOTICE_LABELS = {
    EntryKind.SESSION_START: "New session",
    EntryKind.PAUSED: "Staff took over",
    EntryKind.RESUMED: "Bot resumed",
}


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class TranscriptEntry:
    event_id: int
    kind: EntryKind
    at: dt.datetime | None
    text: str = ""
    intent: str | None = None
    risk: dict[str, Any] | None = None
    buttons: tuple[Button, ...] = ()
    staff_name: str | None = None

    @property
    def label(self) -> str:
        if self.kind is EntryKind.USER:
            return "Visitor"
        if self.kind is EntryKind.BOT:
            return "Assistant"
        if self.kind is EntryKind.STAFF:
            return f"Staff ({self.staff_name})" if self.staff_name else "Staff"
        if self.kind is EntryKind.STAFF_NOTICE:
            return "Notice"
        return NOTICE_LABELS[self.kind]

    @property
    def is_crisis(self) -> bool:
        """A user message the risk detector flagged (level "risk", or the intent it sets, `crisis`)."""
        if self.kind is not EntryKind.USER:
            return False
        return self.intent == "crisis" or (self.risk or {}).get("level") == "risk"

    @property
    def evidence(self) -> list[str]:
        return [str(e) for e in (self.risk or {}).get("evidence") or [] if str(e).strip()]

    def segments(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_evidence) pairs, for marking the risk evidence."""
        return highlight(self.text, self.evidence)

    def as_json(self, tz: dt.tzinfo = dt.timezone.utc) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "kind": self.kind.value,
            "label": self.label,
            "at": self.at.isoformat() if self.at else None,
            "at_label": format_time(self.at, tz),
            "text": self.text,
            "segments": [{"text": piece, "mark": mark} for piece, mark in self.segments()],
            "intent": self.intent,
            "risk": self.risk,
            "is_crisis": self.is_crisis,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
            "staff_name": self.staff_name,
        }


@dataclass(frozen=True)
class ConversationSummary:
    conversation_id: str
    started_at: dt.datetime | None
    last_at: dt.datetime | None
    user_messages: int
    crisis_messages: int
    handoffs: list[Any] = field(default_factory=list)  # filled in by the console from the app DB


def format_time(moment: dt.datetime | None, tz: dt.tzinfo = dt.timezone.utc) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


# ------------------------------------------------------------------------------------------------
# Evidence marking
# ------------------------------------------------------------------------------------------------

# The detector quotes evidence from its normalised text (lower case, apostrophes removed, other
# punctuation turned into spaces), so the original is searched for the same words with any
# punctuation between them and an optional apostrophe between letters.
_APOSTROPHE = "['\u2019\u2018`\u00b4\u02bc]?"


def _evidence_pattern(phrase: str) -> str | None:
    words = re.findall(r"[a-z0-9]+", phrase.lower())
    if not words:
        return None
    return r"[\W_]+".join(_APOSTROPHE.join(re.escape(ch) for ch in word) for word in words)


def highlight(text: str, evidence: Sequence[str]) -> list[tuple[str, bool]]:
    spans: list[tuple[int, int]] = []
    for phrase in evidence:
        pattern = _evidence_pattern(phrase)
        if pattern:
            spans += [m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE) if m.end() > m.start()]
    if not spans:
        return [(text, False)] if text else []
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in merged:
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


# ------------------------------------------------------------------------------------------------
# Reading the tracker store
# ------------------------------------------------------------------------------------------------

Result = TypeVar("Result")


def _read(tracker_store_url: str, query: Callable[[Connection], Result], empty: Result) -> Result:
    try:
        with tracker_engine(tracker_store_url).connect() as connection:
            return query(connection)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
        # No tracker store yet (Rasa has not started) or no events table: nothing to show.
        log.warning("Tracker store %s could not be read: %s", make_url(tracker_store_url).render_as_string(),
                    error.orig)
        return empty


def _timestamp(value: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, dt.timezone.utc) if value is not None else None


def _buttons(raw: Any) -> tuple[Button, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        Button(title=str(b.get("title") or b.get("payload") or ""), payload=str(b.get("payload") or ""))
        for b in raw
        if isinstance(b, dict)
    )


def _custom(event: dict[str, Any]) -> dict[str, Any]:
    """The console's own data on a bot event: data.custom.data (or data.custom when flat)."""
    custom = (event.get("data") or {}).get("custom") if isinstance(event.get("data"), dict) else None
    if not isinstance(custom, dict):
        return {}
    inner = custom.get("data")
    return inner if isinstance(inner, dict) and "type" in inner else custom


STAFF_NOTICE_TEXTS = {
    "staff_joined": "{name} joined the conversation.",
    "staff_left": "{name} left the conversation; the assistant answers again.",
}


def _notice_text(custom_type: str, staff_name: str | None) -> str:
    """What the visitor was told, for notices the client sends as data only (the widget words them)."""
    template = STAFF_NOTICE_TEXTS.get(custom_type, "{name}: " + custom_type.replace("_", " ") + ".")
    return template.format(name=staff_name or "A member of staff")


def entry_from_row(row: Any) -> TranscriptEntry | None:
    try:
        event = json.loads(row.data or "{}")
    except (TypeError, ValueError):
        event = {}
    if not isinstance(event, dict):
        event = {}
    at = _timestamp(row.timestamp if row.timestamp is not None else event.get("timestamp"))
    kind = row.type_name
    if kind == "user":
        parse_data = event.get("parse_data") if isinstance(event.get("parse_data"), dict) else {}
        intent = row.intent_name or (parse_data.get("intent") or {}).get("name")
        risk = parse_data.get("risk") if isinstance(parse_data.get("risk"), dict) else None
        return TranscriptEntry(row.id, EntryKind.USER, at, text=event.get("text") or "", intent=intent, risk=risk)
    if kind == "bot":
        custom = _custom(event)
        custom_type = str(custom.get("type") or "")
        if custom_type == STAFF_MESSAGE_TYPE:
            return TranscriptEntry(
                row.id, EntryKind.STAFF, at,
                text=str(custom.get("text") or event.get("text") or ""),
                staff_name=str(custom.get("staff_name") or "") or None,
            )
        if custom_type.startswith("staff_"):
            staff_name = str(custom.get("staff_name") or "") or None
            text = event.get("text") or custom.get("text") or _notice_text(custom_type, staff_name)
            return TranscriptEntry(row.id, EntryKind.STAFF_NOTICE, at, text=str(text), staff_name=staff_name)
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        buttons = _buttons(data.get("buttons"))
        return TranscriptEntry(row.id, EntryKind.BOT, at, text=event.get("text") or "", buttons=buttons)
    if kind == "session_started":
        return TranscriptEntry(row.id, EntryKind.SESSION_START, at)
    if kind == "pause":
        return TranscriptEntry(row.id, EntryKind.PAUSED, at)
    if kind == "resume":
        return TranscriptEntry(row.id, EntryKind.RESUMED, at)
    return None


def read_transcript(tracker_store_url: str, conversation_id: str, *, after_id: int = 0) -> list[TranscriptEntry]:
    """The conversation's shown events in order; with `after_id`, only those newer than that event id."""
    rows = _read(
        tracker_store_url,
        lambda connection: conversation_events(
            connection=connection, conversation_id=conversation_id, types=SHOWN_EVENT_TYPES, after_id=after_id
        ),
        [],
    )
    return [entry for row in rows if (entry := entry_from_row(row)) is not None]


def last_visitor_messages(tracker_store_url: str, conversation_ids: Collection[str]) -> dict[str, TranscriptEntry]:
    """Each conversation's latest visitor message, by conversation id (the queue shows them)."""
    rows = _read(
        tracker_store_url,
        lambda connection: last_user_events(connection=connection, conversation_ids=conversation_ids),
        [],
    )
    return {row.sender_id: entry for row in rows if (entry := entry_from_row(row)) is not None}


def visitor_message_timestamp(tracker_store_url: str, conversation_id: str, event_id: int) -> float | None:
    """The timestamp of a visitor message, None when the tracker store has no such message."""
    return _read(
        tracker_store_url,
        lambda connection: user_event_timestamp(
            connection=connection, conversation_id=conversation_id, event_id=event_id
        ),
        None,
    )


def is_paused(tracker_store_url: str, conversation_id: str) -> bool:
    """Whether the bot is paused in the conversation (its latest pause/resume event is a pause)."""
    latest = _read(
        tracker_store_url,
        lambda connection: latest_pause_or_resume(connection=connection, conversation_id=conversation_id),
        None,
    )
    return latest == "pause"


def search_conversations(
    tracker_store_url: str,
    date_from: dt.datetime | None = None,
    date_to: dt.datetime | None = None,
    *,
    include_ids: Collection[str] | None = None,
    exclude_ids: Collection[str] = (),
    text: str | None = None,
    limit: int = 200,
) -> list[ConversationSummary]:
    """Conversations active in [date_from, date_to), most recently active first.

    `include_ids` limits the result to those conversations (for filters on handoffs, which live in
    the app database); `exclude_ids` leaves some out; `text` keeps conversations where a visitor
    or bot message contains it (case-insensitive).
    """
    if include_ids is not None and not include_ids:
        return []
    rows = _read(
        tracker_store_url,
        lambda connection: conversation_activity(
            connection=connection, date_from=date_from, date_to=date_to, include_ids=include_ids,
            exclude_ids=exclude_ids, text=text, limit=limit,
        ),
        [],
    )
    return [
        ConversationSummary(
            conversation_id=row.sender_id,
            started_at=_timestamp(row.started),
            last_at=_timestamp(row.last),
            user_messages=int(row.user_messages or 0),
            crisis_messages=int(row.crisis_messages or 0),
        )
        for row in rows
    ]


def transcript_as_text(
    entries: Sequence[TranscriptEntry], *, conversation_id: str, tz: dt.tzinfo = dt.timezone.utc
) -> str:
    """A plain-text transcript: one line per entry, times in `tz`, risk flags on visitor lines."""
    zone = getattr(tz, "key", None) or str(tz)
    lines = [f"Conversation {conversation_id}", f"Times in {zone}", ""]
    for entry in entries:
        when = format_time(entry.at, tz)
        if entry.kind in NOTICE_LABELS:
            lines.append(f"{when}  --- {entry.label} ---")
            continue
        flag = ""
        if entry.kind is EntryKind.USER and entry.is_crisis:
            risk = entry.risk or {}
            details = ", ".join(str(v) for v in (risk.get("category"), risk.get("severity")) if v)
            flag = f"  [RISK{': ' + details if details else ''}]"
        text = entry.text.replace("\r\n", "\n").replace("\n", "\n    ")
        lines.append(f"{when}  {entry.label}: {text}{flag}")
        if entry.buttons:
            lines.append("    buttons: " + " | ".join(b.title for b in entry.buttons))
    return "\n".join(lines) + "\n"
