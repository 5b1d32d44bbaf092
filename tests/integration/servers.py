"""Start the real Rasa and action servers as subprocesses for end-to-end tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clinic_assistant.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))
START_TIMEOUT_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(cmd: list[str], env: dict[str, str], health_url: str, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as log_file:
        process = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_for_http(health_url, process, log)
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_env(tmp: Path, **overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_API_TOKEN="test-token-" + "x" * 32,
        CONSOLE_SECRET_KEY="test-secret-" + "x" * 32,
        DATABASE_URL=f"sqlite:///{tmp}/app.db",
        TRACKER_STORE_URL=f"sqlite:///{tmp}/tracker.db",
        ENV="test",
    )
    env.update(overrides)
    return env


def rasa_command(model: Path, port: int, token: str) -> list[str]:
    return [
        RASA, "run", "--model", str(model), "--port", str(port), "--enable-api", "--auth-token", token,
        "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
    ]


def actions_command(port: int) -> list[str]:
    return [sys.executable, "-m", "clinic_assistant.action_server", "--port", str(port)]
