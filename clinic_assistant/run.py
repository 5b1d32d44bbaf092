"""`make run`: validates the settings, applies migrations, then runs the Rasa server, the
action server (behind its gateway) and the web app in the foreground until Ctrl-C.

A crashed action server, gateway or web app is restarted with growing delays, and the gateway
answers Rasa's action calls with an apology meanwhile; a crashed Rasa server, or a service that
keeps crashing, stops everything (clinic_assistant/launcher.py).
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
from pathlib import Path

from clinic_assistant.clinic import ClinicConfigError, load_clinic_config
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.launcher import ServiceFailed, Supervisor, free_port, local_services, start_all
from clinic_assistant.settings import (
    DEV_SECRET_PREFIX,
    PROJECT_ROOT,
    SettingsError,
    load_escalation_settings,
    load_session_signing_key,
    load_settings,
)

DEV_SECRETS_FILE = PROJECT_ROOT / "var" / "dev-secrets.env"
SECRET_NAMES = ("RASA_API_TOKEN", "CONSOLE_SECRET_KEY", "ACTION_SERVER_TOKEN")
MODEL = PROJECT_ROOT / "models" / "clinic.tar.gz"


def ensure_dev_secrets(environ: dict[str, str]) -> None:
    """Outside production, fills missing secrets from (or into) the git-ignored var/dev-secrets.env."""
    missing = [name for name in SECRET_NAMES if not environ.get(name)]
    if not missing or environ.get("ENV", "development") == "production":
        return
    stored = {}
    if DEV_SECRETS_FILE.exists():
        for line in DEV_SECRETS_FILE.read_text().splitlines():
            key, _, value = line.partition("=")
            stored[key.strip()] = value.strip()
    for name in missing:
        stored.setdefault(name, DEV_SECRET_PREFIX + secrets.token_urlsafe(32))
        environ[name] = stored[name]
    DEV_SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DEV_SECRETS_FILE.write_text("".join(f"{k}={v}\n" for k, v in stored.items()))
    DEV_SECRETS_FILE.chmod(0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Rasa server, the action server and the web app.")
    parser.add_argument("--model", type=Path, default=MODEL, help="the trained model (default: %(default)s)")
    args = parser.parse_args(argv)
    environ = dict(os.environ)
    ensure_dev_secrets(environ)
    try:
        settings = load_settings(environ)
        load_escalation_settings(environ)  # the worker's own values, checked before anything starts
        load_session_signing_key(environ)  # the socket.io channel's, likewise
        load_clinic_config(settings.clinic_config_path)
    except (SettingsError, ClinicConfigError) as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    if not args.model.exists():
        print(f"No trained model at {args.model}: run `make train` first.", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    # The action server itself listens on a free local port; Rasa calls the gateway on ACTIONS_PORT.
    services = local_services(settings, model=args.model, environ=environ, action_server_port=free_port())
    print("Starting the servers (the Rasa server takes a minute to load the model; Ctrl-C stops all)...", flush=True)
    try:
        start_all(services.values())
    except ServiceFailed as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(
        f"\nRunning (Ctrl-C stops all):\n"
        f"  Rasa server    http://localhost:{settings.rasa_port}  (REST: /webhooks/rest/webhook, socket.io)\n"
        f"  Action server  http://localhost:{settings.actions_port}  (pid {services['actions'].pid})\n"
        f"  Web app        http://localhost:{settings.web_port}/\n",
        flush=True,
    )
    supervisor = Supervisor(services.values())
    signal.signal(signal.SIGINT, supervisor.request_stop)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
