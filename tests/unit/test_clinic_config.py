import datetime as dt

import pytest
import yaml

from clinic_assistant.clinic import ClinicConfigError, load_clinic_config, parse_clinic_config
from clinic_assistant.settings import PROJECT_ROOT

CLINIC_FILE = PROJECT_ROOT / "clinic.yml"


@pytest.fixture
def raw():
    return yaml.safe_load(CLINIC_FILE.read_text())


def test_the_shipped_clinic_file_is_valid():
    clinic = load_clinic_config(CLINIC_FILE)
    values = clinic.template_values()
    assert values["emergency_number"] == "911"
    assert "988" in values["crisis_line"]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda r: r.pop("phone"), "phone"),
        (lambda r: r.update(timezone="Mars/Olympus"), "timezone"),
        (lambda r: r["hours"].update(funday=["09:00", "17:00"]), "funday"),
        (lambda r: r["hours"].update(monday=["17:00", "09:00"]), "closes before it opens"),
        (lambda r: r["hours"].update(monday=["nine", "five"]), "hours.monday"),
        (lambda r: r["crisis"].pop("crisis_line"), "crisis.crisis_line"),
        (lambda r: r["prices"].update(infusion=""), "prices.infusion"),
    ],
)
def test_a_broken_clinic_file_is_refused_with_a_clear_message(raw, mutate, message):
    mutate(raw)
    with pytest.raises(ClinicConfigError, match=message):
        parse_clinic_config(raw)


def test_opening_hours_are_read_in_the_clinic_time_zone(raw):
    clinic = parse_clinic_config(raw)
    la = clinic.timezone
    assert clinic.is_open(dt.datetime(2026, 11, 23, 10, 0, tzinfo=la))  # Monday 10:00
    assert not clinic.is_open(dt.datetime(2026, 11, 23, 17, 0, tzinfo=la))  # closing time
    assert not clinic.is_open(dt.datetime(2026, 11, 22, 12, 0, tzinfo=la))  # Sunday
    # 17:30 UTC on a Monday is 09:30 in Los Angeles: open.
    assert clinic.is_open(dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.timezone.utc))
