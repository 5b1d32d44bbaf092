"""`make run`: validates the settings, applies migrations, then runs the Rasa server, the
action server and the web app in the foreground until Ctrl-C (or one of them stops)."""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from clinic_assistant.clinic import ClinicConfigError, load_clinic_config
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.settings import DEV_SECRET_PREFIX, PROJECT_ROOT, Settings, SettingsError, load_settings

DEV_SECRETS_FILE = PROJECT_ROOT / "var" / "dev-secrets.env"
SECRET_NAMES = ("RASA_API_TOKEN", "CONSOLE_SECRET_KEY")
MODEL = PROJECT_ROOT / "models" / "clinic.tar.gz"
STOP_TIMEOUT_SECONDS = 15


def ensure_dev_secrets(environ: dict[str, str]) -> None:
    """Outside production, fills missing secrets from (or into) the git-ignored var/dev-secrets.env."""
    if environ.get("ENV", "development") == "production":
        return
    stored = {}
    if DEV_SECRETS_FILE.exists():
        for line in DEV_SECRETS_FILE.read_text().splitlines():
            key, _, value = line.partition("=")
            stored[key.strip()] = value.strip()
    for name in SECRET_NAMES:
        if not environ.get(name):
            stored.setdefault(name, DEV_SECRET_PREFIX + secrets.token_urlsafe(32))
            environ[name] = stored[name]
    DEV_SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DEV_SECRETS_FILE.write_text("".join(f"{k}={v}\n" for k, v in stored.items()))
    DEV_SECRETS_FILE.chmod(0o600)


def commands(settings: Settings, python: str) -> dict[str, list[str]]:
    rasa = str(Path(python).with_name("rasa"))
    return {
        "rasa": [
            rasa, "run", "--model", str(MODEL), "--port", str(settings.rasa_port),
            "--enable-api", "--auth-token", settings.rasa_api_token,
            "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
            "--cors", f"http://localhost:{settings.web_port}",
        ],
        "actions": [python, "-m", "clinic_assistant.action_server", "--port", str(settings.actions_port)],
        "web": [python, "-m", "clinic_assistant.web"],
    }


def supervise(processes: dict[str, subprocess.Popen]) -> int:
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"\n{name} stopped with exit code {process.returncode}; stopping the others.", flush=True)
                exit_code = process.returncode or 1
                stopping = True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    print("All servers stopped.", flush=True)
    return exit_code


def main() -> int:
    environ = dict(os.environ)
    ensure_dev_secrets(environ)
    try:
        settings = load_settings(environ)
        load_clinic_config(settings.clinic_config_path)
    except (SettingsError, ClinicConfigError) as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first.", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    environ.update(
        ACTIONS_PORT=str(settings.actions_port),
        TRACKER_STORE_URL=settings.tracker_store_url,
        RASA_TELEMETRY_ENABLED="false",
    )
    processes = {
        # Each server in its own process group, so Ctrl-C reaches it only through us.
        name: subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=environ, start_new_session=True)
        for name, cmd in commands(settings, sys.executable).items()
    }
    print(
        f"\nStarting (Ctrl-C stops all):\n"
        f"  Rasa server    http://localhost:{settings.rasa_port}  (REST: /webhooks/rest/webhook, socket.io)\n"
        f"  Action server  http://localhost:{settings.actions_port}\n"
        f"  Web app        http://localhost:{settings.web_port}/\n",
        flush=True,
    )
    return supervise(processes)


if __name__ == "__main__":
    sys.exit(main())
