import pytest

from clinic_assistant.settings import (
    SettingsError,
    get_action_settings,
    get_rasa_settings,
    get_settings,
    load_action_settings,
    load_escalation_settings,
    load_rasa_settings,
    load_settings,
    load_staff_cli_settings,
)

GOOD_SECRET = "x" * 40
BASE = {"RASA_API_TOKEN": GOOD_SECRET, "CONSOLE_SECRET_KEY": GOOD_SECRET, "ACTION_SERVER_TOKEN": GOOD_SECRET}


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
        ({"ACTION_SERVER_TOKEN": ""}, "ACTION_SERVER_TOKEN"),
        ({"WEB_THREADS": "0"}, "WEB_THREADS"),
        ({"WEB_THREADS": "unbounded"}, "WEB_THREADS"),
        ({"TRUSTED_PROXIES": "10.0.0.1, proxy.local"}, "TRUSTED_PROXIES"),
        ({"PUBLIC_URL": "chat.clinic.example"}, "PUBLIC_URL"),
        ({"LOGIN_CHECKS_PER_SECOND": "0"}, "LOGIN_CHECKS_PER_SECOND"),
    ],
)
def test_a_bad_value_fails_fast_naming_the_variable(override, named):
    with pytest.raises(SettingsError, match=named):
        load_settings({**BASE, **override})


@pytest.mark.parametrize("secret", ["dev-abcdefghijklmnopqrstuvwxyz0123456789", "short-but-real"])
def test_production_refuses_development_or_weak_secrets(secret):
    with pytest.raises(SettingsError, match="RASA_API_TOKEN"):
        load_settings({**BASE, "ENV": "production", "RASA_API_TOKEN": secret})


def test_the_web_app_is_bounded_and_trusts_no_proxy_by_default():
    settings = load_settings(BASE)
    assert (settings.web_threads, settings.trusted_proxies, settings.public_url) == (8, (), "")
    assert not settings.served_over_https


def test_trusted_proxies_are_addresses_or_ranges_and_https_comes_from_the_public_url():
    settings = load_settings({**BASE, "TRUSTED_PROXIES": "10.0.0.5, 192.168.0.0/16", "PUBLIC_URL": "https://c.example/"})
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.5/32", "192.168.0.0/16"]
    assert settings.public_url == "https://c.example" and settings.served_over_https


def test_production_accepts_real_secrets():
    assert load_settings({**BASE, "ENV": "production"}).is_production


# ---------------------------------------------------------------- ALLOWED_ORIGINS
def test_the_allowed_origin_is_the_demo_page_by_default():
    assert load_settings(BASE).allowed_origins == ("http://localhost:8000",)
    assert load_settings({**BASE, "WEB_PORT": "8100"}).allowed_origins == ("http://localhost:8100",)
    assert load_rasa_settings({"WEB_PORT": "8100"}).allowed_origins == ("http://localhost:8100",)


def test_a_clinic_lists_its_own_sites_origins():
    environ = {**BASE, "ALLOWED_ORIGINS": "https://www.clinic.example, https://clinic.example:8443/ ,"}
    expected = ("https://www.clinic.example", "https://clinic.example:8443")
    assert load_settings(environ).allowed_origins == expected
    assert load_rasa_settings(environ).allowed_origins == expected


@pytest.mark.parametrize(
    "origins",
    ["www.clinic.example", "ftp://clinic.example", "https://clinic.example/chat", "https://", "http://host:port", ","],
)
def test_a_malformed_origin_is_refused_naming_the_variable(origins):
    for load in (load_settings, load_rasa_settings):
        with pytest.raises(SettingsError, match="ALLOWED_ORIGINS"):
            load({**BASE, "ALLOWED_ORIGINS": origins})


# ---------------------------------------------------------------- each process its own section
NO_SECRETS: dict[str, str] = {}
ACTION_SECRET_ONLY = {"ACTION_SERVER_TOKEN": GOOD_SECRET}


def test_the_action_server_needs_its_own_token_and_no_console_or_api_secret():
    with pytest.raises(SettingsError, match="ACTION_SERVER_TOKEN"):
        load_action_settings(NO_SECRETS)
    with pytest.raises(SettingsError, match="ACTION_SERVER_TOKEN"):
        load_action_settings({"ENV": "production", "ACTION_SERVER_TOKEN": "dev-" + "x" * 40})
    settings = load_action_settings(ACTION_SECRET_ONLY)
    assert settings.action_server_token == GOOD_SECRET
    assert (settings.actions_host, settings.actions_port) == ("127.0.0.1", 5055)
    assert settings.database_url == "sqlite:///var/app.db"
    assert not hasattr(settings, "console_secret_key") and not hasattr(settings, "rasa_api_token")


def test_the_rasa_plugins_need_only_the_clinic_config_and_the_channel_limits():
    # A broken value of another section (the web app's port aside, which names the default origin)
    # does not stop the Rasa server.
    environ = {"DATABASE_URL": "nonsense", "ACTIONS_PORT": "nonsense", "RETENTION_DAYS": "0", "ENV": "staging"}
    settings = load_rasa_settings(environ)
    assert settings.max_pending_messages == 100
    assert settings.clinic_config_path.name == "clinic.yml"


def test_the_rate_limits_default_to_the_issues_values_and_trust_no_proxy():
    settings = load_rasa_settings({})
    assert (settings.sender_burst, settings.sender_per_minute) == (120, 60)
    assert (settings.address_burst, settings.address_per_minute) == (120, 300)
    assert settings.trusted_proxies == ()


def test_trusted_proxies_are_addresses_or_ranges():
    settings = load_rasa_settings({"TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8 ,::1"})
    assert [str(network) for network in settings.trusted_proxies] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]


def test_the_alert_digest_defaults_to_five_alerts_in_ten_minutes():
    for settings in (load_action_settings({"ACTION_SERVER_TOKEN": GOOD_SECRET}),
                     load_escalation_settings({"RASA_API_TOKEN": GOOD_SECRET})):
        assert (settings.alert_digest_threshold, settings.alert_digest_window_minutes) == (5, 10)


def test_the_staff_cli_needs_only_the_database_and_reads_the_password():
    settings = load_staff_cli_settings({"STAFF_PASSWORD": "correct horse battery"})
    assert (settings.database_url, settings.staff_password) == ("sqlite:///var/app.db", "correct horse battery")
    assert load_staff_cli_settings(NO_SECRETS).staff_password is None


@pytest.mark.parametrize(
    "load, override, named",
    [
        (load_rasa_settings, {"MAX_PENDING_MESSAGES": "lots"}, "MAX_PENDING_MESSAGES"),
        (load_rasa_settings, {"MAX_PENDING_MESSAGES": "0"}, "MAX_PENDING_MESSAGES"),
        (load_rasa_settings, {"CLINIC_CONFIG": "/nonexistent/clinic.yml"}, "CLINIC_CONFIG"),
        (load_rasa_settings, {"WEB_PORT": "http"}, "WEB_PORT"),
        (load_action_settings, {"ACTIONS_PORT": "5o55"}, "ACTIONS_PORT"),
        (load_action_settings, {"DATABASE_URL": "var/app.db"}, "DATABASE_URL"),
        (load_action_settings, {"CLINIC_CONFIG": "/nonexistent/clinic.yml"}, "CLINIC_CONFIG"),
        (load_action_settings, {"STAFF_ALERT_EMAILS": "staff"}, "STAFF_ALERT_EMAILS"),
        (load_action_settings, {"ENV": "prod"}, "ENV"),
        (load_staff_cli_settings, {"DATABASE_URL": "app.db"}, "DATABASE_URL"),
        (load_rasa_settings, {"RATE_LIMIT_SENDER_BURST": "0"}, "RATE_LIMIT_SENDER_BURST"),
        (load_rasa_settings, {"RATE_LIMIT_SENDER_PER_MINUTE": "fast"}, "RATE_LIMIT_SENDER_PER_MINUTE"),
        (load_rasa_settings, {"RATE_LIMIT_ADDRESS_BURST": "-5"}, "RATE_LIMIT_ADDRESS_BURST"),
        (load_rasa_settings, {"RATE_LIMIT_ADDRESS_PER_MINUTE": "1.5"}, "RATE_LIMIT_ADDRESS_PER_MINUTE"),
        (load_rasa_settings, {"TRUSTED_PROXIES": "proxy.internal"}, "TRUSTED_PROXIES"),
        (load_rasa_settings, {"TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES"),
        (load_action_settings, {"ALERT_DIGEST_THRESHOLD": "0"}, "ALERT_DIGEST_THRESHOLD"),
        (load_action_settings, {"ALERT_DIGEST_WINDOW_MINUTES": "ten"}, "ALERT_DIGEST_WINDOW_MINUTES"),
    ],
)
def test_each_section_names_its_bad_variable(load, override, named):
    with pytest.raises(SettingsError, match=named):
        load(override)


def test_the_clinic_config_path_is_the_one_the_environment_names(tmp_path):
    # The NLG's and the channels' fallback crisis lines come from CLINIC_CONFIG, not from clinic.yml.
    other = tmp_path / "uk.yml"
    other.write_text("")
    assert load_rasa_settings({"CLINIC_CONFIG": str(other)}).clinic_config_path == other
    assert load_action_settings({**ACTION_SECRET_ONLY, "CLINIC_CONFIG": str(other)}).clinic_config_path == other


def test_each_section_is_loaded_once_until_the_cache_is_cleared(monkeypatch):
    monkeypatch.setenv("MAX_PENDING_MESSAGES", "7")
    get_settings.cache_clear()
    assert get_rasa_settings().max_pending_messages == 7
    monkeypatch.setenv("MAX_PENDING_MESSAGES", "8")
    assert get_rasa_settings().max_pending_messages == 7
    get_settings.cache_clear()
    assert get_rasa_settings().max_pending_messages == 8
    assert get_action_settings().database_url == get_settings().database_url


# ---------------------------------------------------------------- crisis escalation worker
def test_the_escalation_worker_defaults_to_five_minutes_and_the_staff_alert_list():
    settings = load_escalation_settings({"RASA_API_TOKEN": GOOD_SECRET, "STAFF_ALERT_EMAILS": "desk@clinic.example"})
    assert (settings.crisis_claim_minutes, settings.check_seconds) == (5, 30)
    assert settings.on_call_emails == ("desk@clinic.example",)
    assert settings.rasa_url == "http://localhost:5005"
    on_call = load_escalation_settings({"RASA_API_TOKEN": GOOD_SECRET, "STAFF_ALERT_EMAILS": "desk@clinic.example",
                                        "ON_CALL_EMAILS": "a@clinic.example, b@clinic.example"})
    assert on_call.on_call_emails == ("a@clinic.example", "b@clinic.example")


@pytest.mark.parametrize(
    "override, message",
    [
        ({"CRISIS_CLAIM_MINUTES": "0"}, "CRISIS_CLAIM_MINUTES must be a whole number of minutes from 1 to 60"),
        ({"CRISIS_CLAIM_MINUTES": "five"}, "CRISIS_CLAIM_MINUTES"),
        ({"CRISIS_CLAIM_MINUTES": "90"}, "CRISIS_CLAIM_MINUTES"),
        ({"ESCALATION_CHECK_SECONDS": "1"}, "ESCALATION_CHECK_SECONDS must be a whole number of seconds from 5"),
        ({"ON_CALL_EMAILS": "pager"}, "ON_CALL_EMAILS"),
        ({"RASA_API_TOKEN": ""}, "RASA_API_TOKEN"),
    ],
)
def test_a_bad_escalation_value_fails_fast_naming_the_variable(override, message):
    with pytest.raises(SettingsError, match=message):
        load_escalation_settings({"RASA_API_TOKEN": GOOD_SECRET, **override})
