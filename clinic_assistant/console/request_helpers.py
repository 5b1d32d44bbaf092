"""What the console's views share: the app's settings, database, tracker store and Rasa client as
seen from a request, the JSON-or-page choice, audit in one line, times in the clinic's zone and
parsers of query parameters."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from flask import abort, current_app, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.rasa_client import RasaClient
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import HandoffReason, as_utc
from clinic_assistant.settings import Settings

URL_PREFIX = "/staff"
MAX_CONVERSATION_ID = 255  # Rasa's sender_id column
REASON_LABELS = {HandoffReason.CRISIS.value: "Crisis", HandoffReason.REQUEST_HUMAN.value: "Asked for a person"}

# Keys of app.extensions, set by the app factory and blueprint.register().
SETTINGS_KEY = "clinic_settings"
CLINIC_CONFIG_KEY = "clinic_config"
RASA_CLIENT_KEY = "rasa_client"


def settings() -> Settings:
    return current_app.extensions[SETTINGS_KEY]


def clinic_tz() -> dt.tzinfo:
    return current_app.extensions[CLINIC_CONFIG_KEY].timezone


def db():
    return session_scope(settings().database_url)


def tracker_url() -> str:
    return settings().tracker_store_url


def rasa() -> RasaClient:
    return current_app.extensions[RASA_CLIENT_KEY]


def is_api() -> bool:
    return request.path.startswith(f"{URL_PREFIX}/api/")


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def audit_event(action: AuditAction, detail: str = "", username: str | None = None) -> None:
    with db() as session:
        record(session=session, action=action, staff_username=username or current_staff().username, detail=detail)


def safe_next(target: str | None) -> str:
    """Only a path inside the console: never another site (no open redirect)."""
    if target and target.startswith(f"{URL_PREFIX}/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("staff.queue")


def local_time(moment: dt.datetime | None) -> str:
    """A time in the clinic's time zone, to the minute."""
    moment = as_utc(moment)
    return moment.astimezone(clinic_tz()).strftime("%Y-%m-%d %H:%M") if moment else ""


def waiting_label(seconds: int) -> str:
    minutes = seconds // 60
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} days"


def check_conversation_id(conversation_id: str) -> None:
    if not conversation_id or len(conversation_id) > MAX_CONVERSATION_ID:
        abort(404)


def parse_day(raw: str | None, errors: list[str], name: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(f"'{name}' must be a date like 2026-12-01; it was ignored.")
        return None


def day_start(day: dt.date | None) -> dt.datetime | None:
    """Midnight of `day` in the clinic's time zone, as UTC."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(0), tzinfo=clinic_tz()).astimezone(dt.timezone.utc)


def enum_arg(enum_type, raw: str | None):
    try:
        return enum_type(raw) if raw else None
    except ValueError:
        return None


@dataclass(frozen=True)
class DayRange:
    """A [from, to] range of days in the clinic's time zone, from the query string."""

    day_from: dt.date
    day_to: dt.date

    @classmethod
    def from_args(
        cls, args: Mapping[str, str], errors: list[str], *, default_days: int, max_days: int = 366
    ) -> DayRange:
        today = dt.datetime.now(clinic_tz()).date()
        day_to = parse_day(args.get("to"), errors, "to") or today
        day_from = parse_day(args.get("from"), errors, "from") or day_to - dt.timedelta(days=default_days - 1)
        if day_from > day_to:
            errors.append("'from' was after 'to'; they were swapped.")
            day_from, day_to = day_to, day_from
        if (day_to - day_from).days >= max_days:
            errors.append(f"At most {max_days} days at once; the range was shortened.")
            day_from = day_to - dt.timedelta(days=max_days - 1)
        return cls(day_from, day_to)

    @property
    def since(self) -> dt.datetime:
        return day_start(self.day_from)

    @property
    def until(self) -> dt.datetime:
        return day_start(self.day_to + dt.timedelta(days=1))

    def args(self) -> dict[str, str]:
        return {"from": self.day_from.isoformat(), "to": self.day_to.isoformat()}
