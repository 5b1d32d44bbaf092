"""The real servers as subprocesses, for the integration, browser and cluster tests and the bench.

Everything is built and run by clinic_assistant/launcher.py, the module `make run` uses: the same
commands, the same health checks, the same stop. Each test gets its own ports, databases and logs.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clinic_assistant import launcher
from clinic_assistant.launcher import Service, free_port
from clinic_assistant.settings import load_settings

__all__ = ["Service", "free_port", "local_services", "running", "server_env", "stack_running"]

TEST_TOKEN = "test-token-" + "x" * 32
ACTION_TOKEN = "test-action-token-" + "x" * 32


def server_env(tmp: Path, **overrides: str) -> dict[str, str]:
    """The environment of a test's servers: test secrets, databases under `tmp`, free ports, and
    the web app's own origin as the only one Rasa's --cors lets in (whatever the developer's shell says)."""
    env = launcher.child_environment(
        {name: value for name, value in os.environ.items() if name != "ALLOWED_ORIGINS"},
        RASA_API_TOKEN=TEST_TOKEN,
        CONSOLE_SECRET_KEY="test-secret-" + "x" * 32,
        ACTION_SERVER_TOKEN=ACTION_TOKEN,
        DATABASE_URL=f"sqlite:///{tmp}/app.db",
        TRACKER_STORE_URL=f"sqlite:///{tmp}/tracker.db",
        ENV="test",
        RASA_PORT=str(free_port()),
        ACTIONS_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        # Sanic waits up to 15 s on SIGTERM for open connections, and a socket.io long-poll is one
        # until it times out: every stop after a widget test took 17 s. Tests stop with no turn in flight.
        SANIC_GRACEFUL_SHUTDOWN_TIMEOUT="1",
    )
    env.update(overrides)
    env.setdefault("ALLOWED_ORIGINS", f"http://localhost:{env['WEB_PORT']}")
    return env


def local_services(model: Path, env: dict[str, str], log_dir: Path, *, with_web: bool = False) -> dict[str, Service]:
    """What `make run` runs (the web app only with `with_web`), configured by `env`."""
    return launcher.local_services(load_settings(env), model=model, environ=env, action_server_port=free_port(),
                                   with_web=with_web, log_dir=log_dir)


@contextmanager
def running(*services: Service) -> Iterator[tuple[Service, ...]]:
    """Starts the services, waits until each answers its health check, and stops them all at the end."""
    launcher.start_all(services)
    try:
        yield services
    finally:
        launcher.stop(*services)


@contextmanager
def stack_running(model: Path, env: dict[str, str], log_dir: Path) -> Iterator[dict[str, Service]]:
    """The action server, its gateway and the Rasa server, as `make run` starts them."""
    services = local_services(model, env, log_dir)
    with running(*services.values()):
        yield services
