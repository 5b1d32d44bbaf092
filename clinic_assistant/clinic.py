"""The clinic configuration file (clinic.yml): the facts one clinic edits.

Answers in domain.yml name these values as placeholders ({clinic_phone}, {crisis_line}, ...);
`template_values()` is the one list of what a response may use.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REQUIRED_TEXT = ("name", "phone", "email", "address", "hours_text")
REQUIRED_PRICES = ("consultation", "infusion", "series", "booster", "payment_options")
# How the clinic works, as the FAQ answers say it; each key is also the placeholder's name.
REQUIRED_CARE = (
    "conditions_treated", "treatments_offered", "treatments_not_offered", "care_team", "support_person",
    "referral", "consultation_format", "start_time", "initial_series", "cancellation_policy", "parking",
    "accessibility", "drug_tests",
)
REQUIRED_CRISIS = (
    "emergency_number", "crisis_line", "crisis_line_short", "crisis_text_line", "crisis_chat",
    "distress_line", "poison_help", "abuse_line", "veterans_line", "crisis_line_es",
)


class ClinicConfigError(Exception):
    """clinic.yml is missing a value or has one in the wrong form."""


@dataclass(frozen=True)
class CannedReply:
    """A reply staff can insert into the reply box of a taken-over conversation (clinic.yml
    `canned_replies`), its {placeholders} already filled in from this file."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class ClinicConfig:
    name: str
    phone: str
    email: str
    address: str
    website: str
    timezone: ZoneInfo
    hours: Mapping[str, tuple[dt.time, dt.time]]
    hours_text: str
    prices: Mapping[str, str]
    care: Mapping[str, str]
    crisis: Mapping[str, str]
    canned_replies: tuple[CannedReply, ...] = ()

    def canned_reply(self, key: str) -> CannedReply | None:
        return next((reply for reply in self.canned_replies if reply.key == key), None)

    def template_values(self) -> dict[str, str]:
        """Values the responses in domain.yml may name as {placeholders}."""
        return {
            "clinic_name": self.name,
            "clinic_phone": self.phone,
            "clinic_email": self.email,
            "clinic_address": self.address,
            "clinic_website": self.website,
            "clinic_hours": self.hours_text,
            "consultation_price": self.prices["consultation"],
            "infusion_price": self.prices["infusion"],
            "series_price": self.prices["series"],
            "booster_price": self.prices["booster"],
            "payment_options": self.prices["payment_options"],
            "clinic_closed_days": self.closed_days_text(),
            **self.care,
            **self.crisis,
        }

    def closed_days_text(self) -> str:
        """A sentence naming the weekdays without opening hours, from `hours`."""
        closed = [day.capitalize() for day in WEEKDAYS if day not in self.hours]
        if not closed:
            return "We are open every day of the week."
        days = closed[0] if len(closed) == 1 else ", ".join(closed[:-1]) + " and " + closed[-1]
        return f"We are closed on {days}."

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether the clinic is open at `moment` (an aware datetime), in its own time zone."""
        local = moment.astimezone(self.timezone)
        window = self.hours.get(WEEKDAYS[local.weekday()])
        return window is not None and window[0] <= local.time() < window[1]


def _require_text(section: Mapping[str, Any], keys: tuple[str, ...], where: str) -> dict[str, str]:
    values = {}
    for key in keys:
        value = section.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ClinicConfigError(f"clinic.yml: {where}{key} must be a non-empty text.")
        values[key] = value.strip()
    return values


def _parse_hours(raw: Any) -> dict[str, tuple[dt.time, dt.time]]:
    if not isinstance(raw, dict) or not raw:
        raise ClinicConfigError(
            "clinic.yml: hours must map weekdays to [open, close], e.g. monday: ['09:00', '17:00']."
        )
    hours = {}
    for day, window in raw.items():
        if day not in WEEKDAYS:
            raise ClinicConfigError(f"clinic.yml: hours has {day!r}; use weekday names such as 'monday'.")
        try:
            opens, closes = (dt.time.fromisoformat(str(t)) for t in window)
        except (TypeError, ValueError):
            raise ClinicConfigError(f"clinic.yml: hours.{day} must be two times like ['09:00', '17:00'].") from None
        if opens >= closes:
            raise ClinicConfigError(f"clinic.yml: hours.{day} closes before it opens.")
        hours[day] = (opens, closes)
    return hours


def _parse_canned_replies(raw: Any, values: Mapping[str, str]) -> tuple[CannedReply, ...]:
    """Each entry has a title and a text; the text's {placeholders} are the responses' own, so a
    price or a crisis line is written once, in this file."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ClinicConfigError("clinic.yml: canned_replies must be a list of {title, text} entries.")
    replies = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ClinicConfigError(f"clinic.yml: canned_replies entry {number} must have a title and a text.")
        fields = _require_text(entry, ("title", "text"), f"canned_replies[{number}].")
        try:
            text = fields["text"].format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise ClinicConfigError(
                f"clinic.yml: canned_replies[{number}].text names an unknown placeholder {error}; use the "
                f"placeholders the responses use, such as {{clinic_phone}} or {{crisis_line}}."
            ) from None
        replies.append(CannedReply(str(number), fields["title"], text))
    return tuple(replies)


def parse_clinic_config(raw: Any) -> ClinicConfig:
    if not isinstance(raw, dict):
        raise ClinicConfigError("clinic.yml must be a mapping of settings.")
    text = _require_text(raw, REQUIRED_TEXT, "")
    try:
        timezone = ZoneInfo(str(raw.get("timezone", "")))
    except (ZoneInfoNotFoundError, ValueError):
        raise ClinicConfigError(
            f"clinic.yml: timezone {raw.get('timezone')!r} is not a known time zone such as 'America/New_York'."
        ) from None
    config = ClinicConfig(
        website=str(raw.get("website", "")).strip(),
        timezone=timezone,
        hours=_parse_hours(raw.get("hours")),
        prices=_require_text(raw.get("prices") or {}, REQUIRED_PRICES, "prices."),
        care=_require_text(raw.get("care") or {}, REQUIRED_CARE, "care."),
        crisis=_require_text(raw.get("crisis") or {}, REQUIRED_CRISIS, "crisis."),
        **text,
    )
    canned = _parse_canned_replies(raw.get("canned_replies"), config.template_values())
    return dataclasses.replace(config, canned_replies=canned)


@lru_cache(maxsize=4)
def load_clinic_config(path: Path) -> ClinicConfig:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ClinicConfigError(f"Cannot read the clinic configuration {path}: {error}") from None
    return parse_clinic_config(raw)
