"""One settings object, read from the environment and validated once at start-up.

Every process calls `load_settings()` first; a missing or malformed value stops it with a
message naming the variable. Secrets have no default: `python -m clinic_assistant.run`
generates development values into var/dev-secrets.env, and production refuses them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "test", "production")
DEV_SECRET_PREFIX = "dev-"
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "password", "placeholder", "todo"}
MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
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

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"


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
    origins = tuple(o.strip() for o in environ.get(name, default).split(",") if o.strip())
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise SettingsError(f"{name} must be comma-separated http:// or https:// origins, got {origin!r}.")
    return origins


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    env = environ.get("ENV", "development").strip()
    if env not in ENVIRONMENTS:
        raise SettingsError(f"ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}.")
    clinic_config_path = Path(environ.get("CLINIC_CONFIG", PROJECT_ROOT / "clinic.yml"))
    if not clinic_config_path.is_file():
        raise SettingsError(f"CLINIC_CONFIG points to {clinic_config_path}, which is not a file.")
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
        clinic_config_path=clinic_config_path,
        # Staff alerts by e-mail are optional: without SMTP_HOST the console queue alone alerts.
        smtp_host=environ.get("SMTP_HOST", "").strip(),
        smtp_port=_port(environ, "SMTP_PORT", 25),
        smtp_sender=environ.get("SMTP_SENDER", "assistant@localhost").strip(),
        staff_alert_emails=_emails(environ, "STAFF_ALERT_EMAILS"),
        retention_days=_positive_int(environ, "RETENTION_DAYS", 90),
        allowed_origins=_origins(environ, "ALLOWED_ORIGINS", default=f"http://localhost:{web_port}"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, loaded on first use (tests call get_settings.cache_clear())."""
    return load_settings()
