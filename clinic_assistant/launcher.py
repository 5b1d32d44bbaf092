"""The one place that knows how the servers are started, watched and stopped.

`make run` (clinic_assistant/run.py), the cluster (cluster/stack.py), the benchmark
(bench/stacks.py) and the tests (tests/support/servers.py) all build their commands and run
their processes here, so the tests start what `make run` starts.

- Commands: `rasa_command`, `action_server_command`, `action_gateway_command`, `web_command`,
  `escalation_command` (the unclaimed-crisis worker);
  `local_services` puts them together as `make run` runs them.
- One process (`Service`): `start` runs it in its own process group (a Ctrl-C in the terminal
  reaches it only through us, and a stop reaches its children too); `wait_healthy` waits for an
  HTTP 200 from its health URL, a positive sign rather than a fixed sleep, and fails as soon as
  the process exits; `stop` sends SIGTERM to the group, then SIGKILL after a grace period.
- Several: `Supervisor` restarts the services marked `restart_on_crash` with exponential
  back-off, gives up when one keeps crashing, and stops everything when any other one stops.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from clinic_assistant.settings import PROJECT_ROOT, Settings

START_TIMEOUT_SECONDS = 240  # a Rasa server loads its model in about a minute on two busy cores
STOP_TIMEOUT_SECONDS = 20
LOCALHOST = "127.0.0.1"
# Every child: no telemetry calls to the internet, no SQLAlchemy 2.0 warnings, quiet TensorFlow.
QUIET_CHILD_ENV = {
    "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2",
}


# -- commands ---------------------------------------------------------------------------------------

def rasa_command(
    *,
    model: Path,
    port: int,
    api_token: str,
    credentials: Path | None = PROJECT_ROOT / "credentials.yml",
    endpoints: Path | None = PROJECT_ROOT / "endpoints.yml",
    interface: str | None = None,
    cors: Sequence[str] = (),
    python: str = sys.executable,
) -> list[str]:
    """`rasa run` with the HTTP API behind the token (never open without one)."""
    command = [
        str(Path(python).with_name("rasa")), "run", "--model", str(model), "--port", str(port),
        "--enable-api", "--auth-token", api_token,
    ]
    if interface:
        command += ["--interface", interface]
    if credentials:
        command += ["--credentials", str(credentials)]
    if endpoints:
        command += ["--endpoints", str(endpoints)]
    if cors:
        # The socket.io polling transport accepts only these page origins (rasa-3.6-notes).
        command += ["--cors", *cors]
    return command


def action_server_command(port: int, python: str = sys.executable) -> list[str]:
    return [python, "-m", "clinic_assistant.action_server", "--port", str(port)]


def action_gateway_command(port: int, upstream_port: int, python: str = sys.executable) -> list[str]:
    return [python, "-m", "clinic_assistant.action_gateway", "--port", str(port), "--upstream-port", str(upstream_port)]


def web_command(python: str = sys.executable) -> list[str]:
    """The web app under waitress, with WEB_THREADS threads (clinic_assistant/web/__main__.py)."""
    return [python, "-m", "clinic_assistant.web"]


def escalation_command(python: str = sys.executable) -> list[str]:
    return [python, "-m", "clinic_assistant.review.escalation_worker"]


# Sanic's listen backlog is 100 by default: a burst of visitors beyond it had connections reset
# before the channel could answer them or say "busy, send it again". The environment still wins.
RASA_ENV_DEFAULTS = {"SANIC_BACKLOG": "1024"}


def child_environment(base: Mapping[str, str], **overrides: str) -> dict[str, str]:
    """A copy of `base` for a child process, quietened, with `overrides` on top."""
    return {**base, **QUIET_CHILD_ENV, **overrides}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


# -- one process ------------------------------------------------------------------------------------

class ServiceFailed(RuntimeError):
    """A service exited, or never answered its health check."""


@dataclass
class Service:
    name: str
    command: list[str]
    env: Mapping[str, str]
    health_url: str | None = None
    log: Path | None = None  # None: our own stdout and stderr (the terminal under `make run`)
    cwd: Path = PROJECT_ROOT
    restart_on_crash: bool = False
    port: int | None = None  # where it listens, for callers that talk to it
    process: subprocess.Popen | None = None
    started_at: float = 0.0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def tail(self, chars: int = 3000) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(errors="replace")[-chars:]


def start(service: Service) -> subprocess.Popen:
    if service.running:
        raise ServiceFailed(f"{service.name} is already running")
    if service.log is None:
        service.process = subprocess.Popen(service.command, cwd=service.cwd, env=dict(service.env),
                                           start_new_session=True)
    else:
        service.log.parent.mkdir(parents=True, exist_ok=True)
        with service.log.open("a") as log:
            log.write(f"\n=== starting {service.name} at {time.strftime('%H:%M:%S')}\n")
            log.flush()
            service.process = subprocess.Popen(service.command, cwd=service.cwd, env=dict(service.env),
                                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    service.started_at = time.monotonic()
    return service.process


def answers(url: str, timeout: float = 3) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def wait_healthy(service: Service, timeout: float = START_TIMEOUT_SECONDS, poll_seconds: float = 0.2) -> None:
    """Returns once the health URL answers 200; raises as soon as the process exits, or at the timeout."""
    if service.process is None:
        raise ServiceFailed(f"{service.name} was never started")
    deadline = time.monotonic() + timeout
    while True:
        if service.process.poll() is not None:
            raise ServiceFailed(f"{service.name} exited with {service.process.returncode}:\n{service.tail()}")
        if service.health_url is None or answers(service.health_url):
            return
        if time.monotonic() > deadline:
            raise ServiceFailed(f"{service.name} did not answer {service.health_url} within {timeout:.0f}s:\n"
                                f"{service.tail()}")
        time.sleep(poll_seconds)


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def kill(service: Service, sig: int = signal.SIGKILL) -> None:
    """Ends one service at once (SIGKILL by default: a crash, not a shutdown)."""
    if service.running:
        _signal_group(service.process, sig)
        service.process.wait(timeout=STOP_TIMEOUT_SECONDS)


def stop(*services: Service, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM to every running service's group at once, then SIGKILL to those still there after `timeout`."""
    running = [service.process for service in services if service.running]
    for process in running:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def start_all(services: Iterable[Service], timeout: float = START_TIMEOUT_SECONDS) -> None:
    """Starts every service, then waits until each is healthy; on any failure stops them all."""
    services = list(services)
    try:
        for service in services:
            start(service)
        for service in services:
            wait_healthy(service, timeout)
    except BaseException:
        stop(*services)
        raise


# -- make run ---------------------------------------------------------------------------------------

def local_services(
    settings: Settings,
    *,
    model: Path,
    environ: Mapping[str, str],
    action_server_port: int,
    with_web: bool = True,
    log_dir: Path | None = None,
    python: str = sys.executable,
) -> dict[str, Service]:
    """What `make run` runs: Rasa calls the action gateway on ACTIONS_PORT, which passes each call on
    to the action server (on `action_server_port`) and apologises in its place while it is down
    (clinic_assistant/action_gateway.py says why). A crashed action server, gateway or web app is
    restarted; a crashed Rasa server stops everything, as nothing works without it. With the web app
    comes the crisis-escalation worker (restarted too)."""
    env = child_environment(environ, ACTIONS_PORT=str(settings.actions_port),
                            TRACKER_STORE_URL=settings.tracker_store_url,
                            ACTION_SERVER_TOKEN=settings.action_server_token)

    def log(name: str) -> Path | None:
        return log_dir / f"{name}.log" if log_dir is not None else None

    services = [
        Service("actions", action_server_command(action_server_port, python), env,
                f"http://{LOCALHOST}:{action_server_port}/health", log("actions"), restart_on_crash=True,
                port=action_server_port),
        Service("action_gateway", action_gateway_command(settings.actions_port, action_server_port, python), env,
                f"http://{LOCALHOST}:{settings.actions_port}/gateway/health", log("action_gateway"),
                restart_on_crash=True, port=settings.actions_port),
        Service("rasa", rasa_command(model=model, port=settings.rasa_port, api_token=settings.rasa_api_token,
                                     interface=settings.rasa_interface, cors=settings.allowed_origins,
                                     python=python), {**RASA_ENV_DEFAULTS, **env},
                f"http://{LOCALHOST}:{settings.rasa_port}/", log("rasa"), port=settings.rasa_port),
    ]
    if with_web:
        services.append(Service("web", web_command(python), env, f"http://{LOCALHOST}:{settings.web_port}/",
                                log("web"), restart_on_crash=True, port=settings.web_port))
        # Goes with the console: a crisis nobody claims there gets a second alert (no health URL).
        services.append(Service("escalation", escalation_command(python), env, None, log("escalation"),
                                restart_on_crash=True))
    return {service.name: service for service in services}


# -- supervision ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Backoff:
    """Restart delays 1, 2, 4, ... seconds (at most `max_delay`) for crashes in a row; a crash sooner
    than `fast_crash_seconds` after a start counts towards giving up, a later one starts afresh."""

    first_delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 30.0
    fast_crash_seconds: float = 30.0
    max_fast_crashes: int = 5

    def delay(self, crashes_in_a_row: int) -> float:
        return min(self.max_delay, self.first_delay * self.factor ** (crashes_in_a_row - 1))


def describe_exit(code: int) -> str:
    """`exit code 3`, or `exit code -9 (SIGKILL)` for a process ended by a signal."""
    try:
        return f"exit code {code} ({signal.Signals(-code).name})" if code < 0 else f"exit code {code}"
    except ValueError:
        return f"exit code {code}"


class Supervisor:
    """Watches running services until `request_stop()` or until one that must not be restarted stops.

    `run()` returns the exit code for the launcher (0 when asked to stop) and always stops every
    service on the way out. Restarts do not block: a restarted service is probed each round and
    its return is logged once it answers its health check."""

    def __init__(
        self,
        services: Iterable[Service],
        backoff: Backoff = Backoff(),
        say: Callable[[str], None] = lambda line: print(line, flush=True),
        poll_seconds: float = 0.2,
    ) -> None:
        self.services = list(services)
        self.backoff = backoff
        self.say = say
        self.poll_seconds = poll_seconds
        self.stop_requested = False
        self.crashes_in_a_row: dict[str, int] = {}
        self.restart_at: dict[str, float] = {}
        self.coming_back: set[str] = set()

    def request_stop(self, *_signal_args: object) -> None:
        """Also usable as a signal handler: it only sets a flag."""
        self.stop_requested = True

    def run(self) -> int:
        try:
            while not self.stop_requested:
                for service in self.services:
                    exit_code = self._watch(service)
                    if exit_code is not None:
                        return exit_code
                time.sleep(self.poll_seconds)
            return 0
        finally:
            stop(*self.services)
            self.say("All servers stopped.")

    def _watch(self, service: Service) -> int | None:
        """One look at one service; an exit code when everything must stop."""
        now = time.monotonic()
        if service.name in self.restart_at:
            if now >= self.restart_at[service.name]:
                del self.restart_at[service.name]
                start(service)
                self.coming_back.add(service.name)
                self.say(f"{service.name}: restarted (pid {service.pid}).")
            return None
        code = service.process.poll()
        if code is None:
            if service.name in self.coming_back and (service.health_url is None or answers(service.health_url, 0.5)):
                self.coming_back.discard(service.name)
                self.say(f"{service.name}: healthy again.")
            return None
        self.coming_back.discard(service.name)
        if not service.restart_on_crash:
            self.say(f"{service.name} stopped with {describe_exit(code)}; stopping the others.")
            return code or 1
        fast = now - service.started_at < self.backoff.fast_crash_seconds
        crashes = self.crashes_in_a_row.get(service.name, 0) + 1 if fast else 1
        self.crashes_in_a_row[service.name] = crashes
        if crashes >= self.backoff.max_fast_crashes:
            self.say(f"{service.name} stopped with {describe_exit(code)}: {crashes} crashes in a row, each within "
                     f"{self.backoff.fast_crash_seconds:g}s of starting; giving up and stopping everything.")
            return code or 1
        delay = self.backoff.delay(crashes)
        self.say(f"{service.name} stopped with {describe_exit(code)}; restarting in {delay:g}s.")
        self.restart_at[service.name] = now + delay
        return None
