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


def test_canned_replies_are_filled_in_from_the_clinics_own_values():
    clinic = load_clinic_config(PROJECT_ROOT / "clinic.yml")
    crisis = clinic.canned_reply("1")
    assert crisis is not None and "{" not in crisis.text
    assert clinic.crisis["emergency_number"] in crisis.text and "988" in crisis.text
    assert all("{" not in reply.text for reply in clinic.canned_replies)


def test_a_canned_reply_with_an_unknown_placeholder_is_refused_with_its_name():
    raw = yaml.safe_load((PROJECT_ROOT / "clinic.yml").read_text())
    raw["canned_replies"] = [{"title": "Oops", "text": "Call {clinic_fax}"}]
    with pytest.raises(ClinicConfigError, match="canned_replies\\[1\\].text names an unknown placeholder 'clinic_fax'"):
        parse_clinic_config(raw)
    raw["canned_replies"] = [{"title": "", "text": "x"}]
    with pytest.raises(ClinicConfigError, match="canned_replies\\[1\\].title"):
        parse_clinic_config(raw)
