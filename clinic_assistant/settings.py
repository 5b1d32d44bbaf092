"""The settings of every process: the only module that reads the environment.

Each process loads the section it needs and nothing more, so that it fails at start-up, with a
message naming the variable, only for a value it would really use:

- `Settings` (`load_settings`): the web app, and the launchers (`make run`, the cluster), which
  also pass ports and secrets on: ENV, RASA_PORT, ACTIONS_PORT, WEB_PORT, RASA_API_TOKEN,
  CONSOLE_SECRET_KEY, DATABASE_URL, TRACKER_STORE_URL, CLINIC_CONFIG, SMTP_*, STAFF_ALERT_EMAILS,
  RETENTION_DAYS, ALLOWED_ORIGINS, RASA_INTERFACE, ACTION_SERVER_TOKEN, WEB_THREADS, TRUSTED_PROXIES,
  PUBLIC_URL, LOGIN_CHECKS_PER_SECOND;
- `RasaSettings` (`load_rasa_settings`): the plug-ins inside the Rasa server: CLINIC_CONFIG,
  MAX_PENDING_MESSAGES, ALLOWED_ORIGINS (and WEB_PORT, for its default), RATE_LIMIT_SENDER_BURST,
  RATE_LIMIT_SENDER_PER_MINUTE, RATE_LIMIT_ADDRESS_BURST, RATE_LIMIT_ADDRESS_PER_MINUTE,
  TRUSTED_PROXIES;
- `load_session_signing_key`: the socket.io channel's key for signing session ids:
  SESSION_SIGNING_KEY, or one derived from CONSOLE_SECRET_KEY (so every Rasa server of a cluster,
  started with the same environment, checks the same signatures);
- `ActionSettings` (`load_action_settings`): the action server, its gateway and its actions: ENV,
  ACTIONS_HOST, ACTIONS_PORT, ACTION_SERVER_TOKEN, DATABASE_URL, CLINIC_CONFIG, SMTP_*, STAFF_ALERT_EMAILS,
  ON_CALL_EMAILS (the alert digest goes to both lists), ALERT_DIGEST_THRESHOLD,
  ALERT_DIGEST_WINDOW_MINUTES;
- `StaffCliSettings` (`load_staff_cli_settings`): `make staff-user`: ENV, DATABASE_URL,
  STAFF_PASSWORD;
- `EscalationSettings` (`load_escalation_settings`): the crisis-escalation worker
  (clinic_assistant/review/escalation_worker.py): ENV, DATABASE_URL, RASA_PORT, RASA_API_TOKEN,
  SMTP_*, ON_CALL_EMAILS (default: STAFF_ALERT_EMAILS), CRISIS_CLAIM_MINUTES,
  ESCALATION_CHECK_SECONDS, STAFF_ALERT_EMAILS, ALERT_DIGEST_THRESHOLD, ALERT_DIGEST_WINDOW_MINUTES
  (it sends the alert digest when its window ends); and for the purge it also runs: TRACKER_STORE_URL,
  RETENTION_DAYS, PURGE_CHECK_SECONDS.

Secrets have no default: `python -m clinic_assistant.run` generates development values into
var/dev-secrets.env, and production refuses them. The action server and the Rasa plug-ins never
see RASA_API_TOKEN; the action server sees only ACTION_SERVER_TOKEN, which Rasa sends in every
action call (endpoints.yml), and the Rasa plug-ins see CONSOLE_SECRET_KEY only through the
derived session signing key.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "test", "production")
DEV_SECRET_PREFIX = "dev-"
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "password", "placeholder", "todo"}
MIN_SECRET_LENGTH = 32
DEFAULT_MAX_PENDING_MESSAGES = 100
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """The web app's settings, and every port and secret, for the launchers that start the rest."""

    env: str
    rasa_port: int
    actions_port: int
    web_port: int
    rasa_api_token: str
    console_secret_key: str
    database_url: str
    tracker_store_url: str
    clinic_config_path: Path
    smtp_host: str
    smtp_port: int
    smtp_sender: str
    staff_alert_emails: tuple[str, ...]
    retention_days: int
    allowed_origins: tuple[str, ...]
    # Where Rasa's server (and its HTTP API) listens: loopback unless RASA_INTERFACE says otherwise;
    # visitors reach it through the reverse proxy (docs/security.md).
    rasa_interface: str = "127.0.0.1"
    # The shared secret Rasa sends to the action server (endpoints.yml); passed on by the launchers.
    action_server_token: str = ""
    # Threads of the web app's WSGI server (waitress): a bounded pool, unlike Flask's own server.
    web_threads: int = 8
    # Peers whose X-Forwarded-For / -Proto are believed (the reverse proxy); empty: none.
    trusted_proxies: tuple[IPNetwork, ...] = ()
    # Where visitors reach the site, e.g. https://chat.your-clinic.example; https turns on the
    # Secure cookie and HSTS. Empty: not known (a trusted proxy's X-Forwarded-Proto still counts).
    public_url: str = ""
    # Password checks (argon2, costly on purpose) the console runs per second, at most, for
    # browsers it does not know; the rest are told to try again later without hashing.
    login_checks_per_second: int = 5

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def served_over_https(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"


@dataclass(frozen=True)
class RasaSettings:
    """What the plug-ins inside the Rasa server read (channels, NLG)."""

    clinic_config_path: Path
    # Messages one Rasa process holds at once (rasa_plugins/channels.py).
    max_pending_messages: int
    # Web pages allowed to open the socket.io channel: the clinic's site, the demo page.
    allowed_origins: tuple[str, ...]
    # Rate limits of the channels (rasa_plugins/rate_limit.py): a burst, then so many a minute.
    sender_burst: int = 30
    sender_per_minute: int = 60
    address_burst: int = 120
    address_per_minute: int = 300
    # Reverse proxies whose X-Forwarded-For is believed (IP addresses or CIDR ranges); none by default.
    trusted_proxies: tuple[IPNetwork, ...] = ()


@dataclass(frozen=True)
class ActionSettings:
    """What the action server and its actions read."""

    env: str
    actions_host: str
    actions_port: int
    database_url: str
    clinic_config_path: Path
    smtp_host: str
    smtp_port: int
    smtp_sender: str
    staff_alert_emails: tuple[str, ...]
    # Past this many staff alert e-mails in the window, alerts wait for one digest (alert_digest.py).
    alert_digest_threshold: int = 5
    alert_digest_window_minutes: int = 10
    on_call_emails: tuple[str, ...] = ()
    # Every call but the health check must carry it (Authorization: Bearer ...).
    action_server_token: str = ""


@dataclass(frozen=True)
class StaffCliSettings:
    """What `python -m clinic_assistant.staff_cli` reads."""

    env: str
    database_url: str
    staff_password: str | None  # STAFF_PASSWORD, for scripts; None: ask on the terminal


@dataclass(frozen=True)
class EscalationSettings:
    """What the crisis-escalation worker reads: a crisis handoff unclaimed for `crisis_claim_minutes`
    gets a second alert to `on_call_emails`, and the visitor is told through Rasa's HTTP API."""

    env: str
    database_url: str
    rasa_port: int
    rasa_api_token: str
    smtp_host: str
    smtp_port: int
    smtp_sender: str
    on_call_emails: tuple[str, ...]
    crisis_claim_minutes: int
    check_seconds: int
    staff_alert_emails: tuple[str, ...] = ()
    alert_digest_threshold: int = 5
    alert_digest_window_minutes: int = 10
    # The purge (clinic_assistant/privacy.py) runs in the same worker, every purge_check_seconds.
    tracker_store_url: str = "sqlite:///var/tracker.db"
    retention_days: int = 90
    purge_check_seconds: int = 60

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"


# ---------------------------------------------------------------- one reader per kind of value
def _port(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, str(default)).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise SettingsError(f"{name} must be a port number between 1 and 65535, got {raw!r}.")
    return int(raw)


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, got {raw!r}.")
    return int(raw)


def _int_between(environ: Mapping[str, str], name: str, default: int, low: int, high: int, unit: str) -> int:
    raw = environ.get(name, str(default)).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingsError(f"{name} must be a whole number of {unit} from {low} to {high}, got {raw!r}.")
    return int(raw)


def _interface(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name, "").strip() or default
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise ValueError(f"{name} must be an IP address such as 127.0.0.1, got {value!r}.") from None
    return value


def _networks(environ: Mapping[str, str], name: str) -> tuple[IPNetwork, ...]:
    """Comma-separated IP addresses or CIDR ranges (10.0.0.0/8)."""
    networks = []
    for item in (part.strip() for part in environ.get(name, "").split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise SettingsError(
                f"{name} must be a comma-separated list of IP addresses or ranges such as 10.0.0.5, "
                f"10.1.0.0/16, got {item!r}."
            ) from None
    return tuple(networks)


def _public_url(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip().rstrip("/")
    if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname):
        raise SettingsError(
            f"{name} must be the site's address such as https://chat.your-clinic.example, got {value!r}."
        )
    return value


def _secret(environ: Mapping[str, str], name: str, env: str) -> str:
    value = environ.get(name, "").strip()
    if value.lower() in PLACEHOLDER_SECRETS:
        raise SettingsError(
            f"{name} is not set. Set it in the environment (for development, "
            f"`make run` generates one into var/dev-secrets.env)."
        )
    if env == "production":
        if value.startswith(DEV_SECRET_PREFIX):
            raise SettingsError(f"{name} holds a development value; ENV=production needs a real secret.")
        if len(value) < MIN_SECRET_LENGTH:
            raise SettingsError(f"{name} must be at least {MIN_SECRET_LENGTH} characters in production.")
    return value


def _database_url(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name, default).strip()
    if "://" not in value:
        raise SettingsError(
            f"{name} must be an SQLAlchemy URL such as sqlite:///var/app.db or "
            f"postgresql://user:password@127.0.0.1:5432/clinic, got {value!r}."
        )
    return value


def _emails(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    emails = tuple(e.strip() for e in environ.get(name, "").split(",") if e.strip())
    for email in emails:
        if "@" not in email:
            raise SettingsError(f"{name} must be a comma-separated list of e-mail addresses, got {email!r}.")
    return emails


def _origins(environ: Mapping[str, str], name: str, default: str) -> tuple[str, ...]:
    """Comma-separated web origins (scheme://host[:port], as a browser sends them in `Origin`)."""
    origins = tuple(o.strip().rstrip("/") for o in environ.get(name, default).split(",") if o.strip())
    if not origins:
        raise SettingsError(f"{name} must name at least one origin, such as https://www.your-clinic.example.")
    for origin in origins:
        parts = urlsplit(origin)
        try:
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError:
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise SettingsError(
                f"{name} must be a comma-separated list of origins such as https://www.your-clinic.example "
                f"(http:// or https://, a host, an optional port, no path), got {origin!r}."
            )
    return origins


def _env(environ: Mapping[str, str]) -> str:
    env = environ.get("ENV", "development").strip()
    if env not in ENVIRONMENTS:
        raise SettingsError(f"ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}.")
    return env


def _clinic_config_path(environ: Mapping[str, str]) -> Path:
    path = Path(environ.get("CLINIC_CONFIG", PROJECT_ROOT / "clinic.yml"))
    if not path.is_file():
        raise SettingsError(f"CLINIC_CONFIG points to {path}, which is not a file.")
    return path


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


# ---------------------------------------------------------------- the sections
def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    environ = _environ(environ)
    env = _env(environ)
    web_port = _port(environ, "WEB_PORT", 8000)
    return Settings(
        env=env,
        rasa_port=_port(environ, "RASA_PORT", 5005),
        actions_port=_port(environ, "ACTIONS_PORT", 5055),
        web_port=web_port,
        rasa_api_token=_secret(environ, "RASA_API_TOKEN", env),
        console_secret_key=_secret(environ, "CONSOLE_SECRET_KEY", env),
        database_url=_database_url(environ, "DATABASE_URL", "sqlite:///var/app.db"),
        tracker_store_url=_database_url(environ, "TRACKER_STORE_URL", "sqlite:///var/tracker.db"),
        clinic_config_path=_clinic_config_path(environ),
        # Staff alerts by e-mail are optional: without SMTP_HOST the console queue alone alerts.
        smtp_host=environ.get("SMTP_HOST", "").strip(),
        smtp_port=_port(environ, "SMTP_PORT", 25),
        smtp_sender=environ.get("SMTP_SENDER", "assistant@localhost").strip(),
        staff_alert_emails=_emails(environ, "STAFF_ALERT_EMAILS"),
        retention_days=_positive_int(environ, "RETENTION_DAYS", 90),
        allowed_origins=_origins(environ, "ALLOWED_ORIGINS", default=f"http://localhost:{web_port}"),
        rasa_interface=_interface(environ, "RASA_INTERFACE", "127.0.0.1"),
        action_server_token=_secret(environ, "ACTION_SERVER_TOKEN", env),
        web_threads=_int_between(environ, "WEB_THREADS", 8, 1, 64, "threads"),
        trusted_proxies=_networks(environ, "TRUSTED_PROXIES"),
        public_url=_public_url(environ, "PUBLIC_URL"),
        login_checks_per_second=_int_between(environ, "LOGIN_CHECKS_PER_SECOND", 5, 1, 1000, "checks"),
    )


def load_rasa_settings(environ: Mapping[str, str] | None = None) -> RasaSettings:
    environ = _environ(environ)
    # The default origin is the demo page's, served by the web app on WEB_PORT.
    web_port = _port(environ, "WEB_PORT", 8000)
    return RasaSettings(
        clinic_config_path=_clinic_config_path(environ),
        max_pending_messages=_positive_int(environ, "MAX_PENDING_MESSAGES", DEFAULT_MAX_PENDING_MESSAGES),
        allowed_origins=_origins(environ, "ALLOWED_ORIGINS", default=f"http://localhost:{web_port}"),
        # A person types far slower; a scripted test conversation of a hundred quick turns still fits.
        sender_burst=_int_between(environ, "RATE_LIMIT_SENDER_BURST", 120, 1, 100_000, "messages"),
        sender_per_minute=_int_between(environ, "RATE_LIMIT_SENDER_PER_MINUTE", 60, 1, 100_000, "messages"),
        address_burst=_int_between(environ, "RATE_LIMIT_ADDRESS_BURST", 120, 1, 1_000_000, "messages"),
        address_per_minute=_int_between(environ, "RATE_LIMIT_ADDRESS_PER_MINUTE", 300, 1, 1_000_000, "messages"),
        trusted_proxies=_networks(environ, "TRUSTED_PROXIES"),
    )


def _alert_digest_threshold(environ: Mapping[str, str]) -> int:
    return _int_between(environ, "ALERT_DIGEST_THRESHOLD", 5, 1, 1000, "alerts")


def _alert_digest_window_minutes(environ: Mapping[str, str]) -> int:
    return _int_between(environ, "ALERT_DIGEST_WINDOW_MINUTES", 10, 1, 24 * 60, "minutes")


def load_action_settings(environ: Mapping[str, str] | None = None) -> ActionSettings:
    environ = _environ(environ)
    env = _env(environ)
    return ActionSettings(
        env=env,
        # Only the Rasa servers call it: local by default.
        actions_host=environ.get("ACTIONS_HOST", "127.0.0.1").strip(),
        actions_port=_port(environ, "ACTIONS_PORT", 5055),
        database_url=_database_url(environ, "DATABASE_URL", "sqlite:///var/app.db"),
        clinic_config_path=_clinic_config_path(environ),
        smtp_host=environ.get("SMTP_HOST", "").strip(),
        smtp_port=_port(environ, "SMTP_PORT", 25),
        smtp_sender=environ.get("SMTP_SENDER", "assistant@localhost").strip(),
        staff_alert_emails=_emails(environ, "STAFF_ALERT_EMAILS"),
        alert_digest_threshold=_alert_digest_threshold(environ),
        alert_digest_window_minutes=_alert_digest_window_minutes(environ),
        on_call_emails=_emails(environ, "ON_CALL_EMAILS") or _emails(environ, "STAFF_ALERT_EMAILS"),
        action_server_token=_secret(environ, "ACTION_SERVER_TOKEN", env),
    )


def load_staff_cli_settings(environ: Mapping[str, str] | None = None) -> StaffCliSettings:
    environ = _environ(environ)
    return StaffCliSettings(
        env=_env(environ),
        database_url=_database_url(environ, "DATABASE_URL", "sqlite:///var/app.db"),
        staff_password=environ.get("STAFF_PASSWORD"),
    )


def load_escalation_settings(environ: Mapping[str, str] | None = None) -> EscalationSettings:
    environ = _environ(environ)
    env = _env(environ)
    # On-call defaults to the staff alert list: a second alert to the same people beats none.
    on_call = _emails(environ, "ON_CALL_EMAILS") or _emails(environ, "STAFF_ALERT_EMAILS")
    return EscalationSettings(
        env=env,
        database_url=_database_url(environ, "DATABASE_URL", "sqlite:///var/app.db"),
        rasa_port=_port(environ, "RASA_PORT", 5005),
        rasa_api_token=_secret(environ, "RASA_API_TOKEN", env),
        smtp_host=environ.get("SMTP_HOST", "").strip(),
        smtp_port=_port(environ, "SMTP_PORT", 25),
        smtp_sender=environ.get("SMTP_SENDER", "assistant@localhost").strip(),
        on_call_emails=on_call,
        # A crisis should reach a person within minutes; an hour is the most that makes sense.
        crisis_claim_minutes=_int_between(environ, "CRISIS_CLAIM_MINUTES", 5, 1, 60, "minutes"),
        check_seconds=_int_between(environ, "ESCALATION_CHECK_SECONDS", 30, 5, 300, "seconds"),
        staff_alert_emails=_emails(environ, "STAFF_ALERT_EMAILS"),
        alert_digest_threshold=_alert_digest_threshold(environ),
        alert_digest_window_minutes=_alert_digest_window_minutes(environ),
        tracker_store_url=_database_url(environ, "TRACKER_STORE_URL", "sqlite:///var/tracker.db"),
        retention_days=_positive_int(environ, "RETENTION_DAYS", 90),
        # "Delete my data" promises minutes: at most ten between two purges.
        purge_check_seconds=_int_between(environ, "PURGE_CHECK_SECONDS", 60, 1, 600, "seconds"),
    )


SESSION_KEY_LABEL = b"clinic-assistant socket.io session signing key"


def load_session_signing_key(environ: Mapping[str, str] | None = None) -> bytes:
    """The key the socket.io channel signs session ids with: SESSION_SIGNING_KEY, else derived
    from CONSOLE_SECRET_KEY. Either is checked like every secret (no placeholder; in production
    no development value and at least 32 characters); never a per-process random key, which two
    Rasa servers of a cluster would not share."""
    environ = _environ(environ)
    env = _env(environ)
    if environ.get("SESSION_SIGNING_KEY", "").strip():
        return _secret(environ, "SESSION_SIGNING_KEY", env).encode()
    console_key = _secret(environ, "CONSOLE_SECRET_KEY", env)
    return hmac.new(console_key.encode(), SESSION_KEY_LABEL, hashlib.sha256).digest()


# ---------------------------------------------------------------- loaded once per process
T = TypeVar("T")
_loaded: dict[Callable[[], object], object] = {}


def _once(loader: Callable[[], T]) -> T:
    if loader not in _loaded:
        _loaded[loader] = loader()
    return _loaded[loader]  # type: ignore[return-value]


def clear_settings_cache() -> None:
    """Forgets every loaded section (tests change the environment between cases)."""
    _loaded.clear()


def get_settings() -> Settings:
    """The process's settings, loaded on first use."""
    return _once(load_settings)


def get_rasa_settings() -> RasaSettings:
    return _once(load_rasa_settings)


def get_action_settings() -> ActionSettings:
    return _once(load_action_settings)


# Older callers and the tests clear the cache through this name.
get_settings.cache_clear = clear_settings_cache  # type: ignore[attr-defined]
