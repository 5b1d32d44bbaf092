import pytest

from clinic_assistant.settings import SettingsError, load_settings

GOOD_SECRET = "x" * 40
BASE = {"RASA_API_TOKEN": GOOD_SECRET, "CONSOLE_SECRET_KEY": GOOD_SECRET}


def test_defaults_are_the_embedded_ones():
    settings = load_settings(BASE)
    assert (settings.rasa_port, settings.actions_port, settings.web_port) == (5005, 5055, 8000)
    assert settings.database_url == "sqlite:///var/app.db"
    assert settings.tracker_store_url == "sqlite:///var/tracker.db"
    assert settings.env == "development"


@pytest.mark.parametrize(
    "override, named",
    [
        ({"RASA_API_TOKEN": ""}, "RASA_API_TOKEN"),
        ({"CONSOLE_SECRET_KEY": "change-me"}, "CONSOLE_SECRET_KEY"),
        ({"RASA_PORT": "abc"}, "RASA_PORT"),
        ({"WEB_PORT": "70000"}, "WEB_PORT"),
        ({"ENV": "staging"}, "ENV"),
        ({"DATABASE_URL": "var/app.db"}, "DATABASE_URL"),
        ({"CLINIC_CONFIG": "/nonexistent/clinic.yml"}, "CLINIC_CONFIG"),
        ({"STAFF_ALERT_EMAILS": "not-an-address"}, "STAFF_ALERT_EMAILS"),
    ],
)
def test_a_bad_value_fails_fast_naming_the_variable(override, named):
    with pytest.raises(SettingsError, match=named):
        load_settings({**BASE, **override})


@pytest.mark.parametrize("secret", ["dev-abcdefghijklmnopqrstuvwxyz0123456789", "short-but-real"])
def test_production_refuses_development_or_weak_secrets(secret):
    with pytest.raises(SettingsError, match="RASA_API_TOKEN"):
        load_settings({**BASE, "ENV": "production", "RASA_API_TOKEN": secret})


def test_production_accepts_real_secrets():
    assert load_settings({**BASE, "ENV": "production"}).is_production
