"""Dates the booking form accepts, from clinic.yml, for tests that book a consultation."""
from __future__ import annotations

import datetime as dt

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT


def next_open_weekday(days_ahead: int = 3) -> dt.date:
    """A Monday to Wednesday at least `days_ahead` days from now (open 9-17 in clinic.yml)."""
    clinic = load_clinic_config(PROJECT_ROOT / "clinic.yml")
    day = dt.datetime.now(clinic.timezone).date() + dt.timedelta(days=days_ahead)
    while day.weekday() > 2:
        day += dt.timedelta(days=1)
    return day
