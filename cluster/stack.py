"""Two Rasa servers and two action servers behind HAProxy, on PostgreSQL and Redis.

Used by `make run-cluster` (python -m cluster) and by the cluster tests (tests/cluster). Every
process runs in its own process group with its log in the run folder; `Cluster.stop_all()` ends
them all, and `kill()`/`start()` let the fault tests stop and restart one at a time.

What is shared, and where:
- the tracker store (clinic_assistant/rasa_plugins/tracker_store.py, CachingSQLTrackerStore) and
  the app database: PostgreSQL, one database each;
- the lock store (Rasa's RedisLockStore) and the socket.io rooms (python-socketio's Redis
  manager, cluster/channels.py): Redis. Unless CLUSTER_REDIS_URL names one, the cluster runs its
  own `redis-server` on loopback with a password generated at each start (docs/security.md, 5):
  python-socketio 5.9 trusts what is published on its channel, so nobody without the password
  may publish there;
- the balancer (cluster/haproxy.cfg) routes one conversation to one Rasa server.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from clinic_assistant import launcher
from clinic_assistant.action_gateway import stand_in_answer
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.db.rasa_events import create_deleted_conversations_table
from clinic_assistant.settings import PROJECT_ROOT

CLUSTER_DIR = PROJECT_ROOT / "cluster"
HAPROXY_CONFIG = CLUSTER_DIR / "haproxy.cfg"
ENDPOINTS = CLUSTER_DIR / "endpoints.yml"
CREDENTIALS = CLUSTER_DIR / "credentials.yml"
START_TIMEOUT_SECONDS = 240
STOP_TIMEOUT_SECONDS = 20
DEFAULT_POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_SERVER = "redis-server"

RASA_SERVERS = ("rasa1", "rasa2")
ACTION_SERVERS = ("actions1", "actions2")


@dataclass
class ClusterConfig:
    model: Path
    run_dir: Path
    rasa_api_token: str
    console_secret_key: str
    action_server_token: str  # Rasa sends it to the action servers (cluster/endpoints.yml)
    env: str = "development"
    # Ports: the balancer's two front ends, then each server.
    rasa_port: int = 17000
    rasa1_port: int = 17001
    rasa2_port: int = 17002
    actions_port: int = 17050
    actions1_port: int = 17051
    actions2_port: int = 17052
    actions_fallback_port: int = 17059
    web_port: int | None = 17080
    postgres_admin_url: str = DEFAULT_POSTGRES_ADMIN_URL
    app_database: str = "clinic_cluster_app"
    tracker_database: str = "clinic_cluster_tracker"
    # None: the cluster's own Redis (`redis` process) on `redis_port`, with a generated password.
    redis_url: str | None = None
    redis_port: int = 17063
    redis_password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Isolates this cluster's locks and socket.io messages from anything else on the same Redis.
    redis_namespace: str = "cliniccluster"
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def own_redis(self) -> bool:
        return self.redis_url is None

    @property
    def shared_redis_url(self) -> str:
        """Where the Rasa servers find Redis: the given URL, or the cluster's own (with its password)."""
        if self.redis_url is not None:
            return self.redis_url
        return f"redis://:{urllib.parse.quote(self.redis_password, safe='')}@127.0.0.1:{self.redis_port}/0"

    def database_url(self, name: str) -> str:
        return sa.engine.make_url(self.postgres_admin_url).set(database=name).render_as_string(hide_password=False)

    @property
    def app_database_url(self) -> str:
        return self.database_url(self.app_database)

    @property
    def tracker_store_url(self) -> str:
        return self.database_url(self.tracker_database)

    @property
    def rasa_url(self) -> str:
        """The balancer: what visitors, the widget and the staff console use."""
        return f"http://127.0.0.1:{self.rasa_port}"

    def server_url(self, name: str) -> str:
        return f"http://127.0.0.1:{getattr(self, name + '_port')}"

    def environment(self) -> dict[str, str]:
        redis = urllib.parse.urlsplit(self.shared_redis_url)
        env = dict(os.environ)
        env.update(
            ENV=self.env,
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_API_TOKEN=self.rasa_api_token,
            CONSOLE_SECRET_KEY=self.console_secret_key,
            ACTION_SERVER_TOKEN=self.action_server_token,
            DATABASE_URL=self.app_database_url,
            TRACKER_STORE_URL=self.tracker_store_url,
            # The balancer adds the visitor's address to X-Forwarded-For (cluster/haproxy.cfg): the
            # Rasa servers' per-address rate limits read it there, from the balancer only.
            TRUSTED_PROXIES="127.0.0.1",
            # The web app (staff console) reaches Rasa through the balancer.
            RASA_PORT=str(self.rasa_port),
            ACTIONS_PORT=str(self.actions_port),
            SOCKETIO_REDIS_URL=self.shared_redis_url,
            SOCKETIO_REDIS_CHANNEL=f"{self.redis_namespace}-socketio",
            CLUSTER_REDIS_HOST=redis.hostname or "127.0.0.1",
            CLUSTER_REDIS_PORT=str(redis.port or 6379),
            CLUSTER_REDIS_DB=redis.path.strip("/") or "0",
            CLUSTER_REDIS_PASSWORD=urllib.parse.unquote(redis.password or ""),
            CLUSTER_LOCK_PREFIX=self.redis_namespace,
            CLUSTER_RUN_DIR=str(self.run_dir),
            CLUSTER_RASA_PORT=str(self.rasa_port),
            CLUSTER_RASA1_PORT=str(self.rasa1_port),
            CLUSTER_RASA2_PORT=str(self.rasa2_port),
            CLUSTER_ACTIONS_PORT=str(self.actions_port),
            CLUSTER_ACTIONS1_PORT=str(self.actions1_port),
            CLUSTER_ACTIONS2_PORT=str(self.actions2_port),
            ACTIONS_FALLBACK_PORT=str(self.actions_fallback_port),
        )
        if self.web_port is not None:
            env["WEB_PORT"] = str(self.web_port)
        env.update(self.extra_env)
        return env


def prepare_databases(config: ClusterConfig, *, fresh: bool = False) -> None:
    """Creates the two PostgreSQL databases when missing (anew with `fresh`), migrates the app
    database, and creates the tracker store's tables once, before two servers race to do it."""
    admin = sa.create_engine(config.postgres_admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            for name in (config.app_database, config.tracker_database):
                if fresh:
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                exists = connection.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
                if not exists:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    upgrade(config.app_database_url)
    from rasa.core.tracker_store import SQLTrackerStore

    engine = SQLTrackerStore(host=config.tracker_store_url, dialect="postgresql").engine
    try:
        create_deleted_conversations_table(engine)
    finally:
        engine.dispose()


def drop_databases(config: ClusterConfig) -> None:
    from clinic_assistant.db.engine import dispose

    dispose(config.app_database_url)
    admin = sa.create_engine(config.postgres_admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            for name in (config.app_database, config.tracker_database):
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def write_actions_unavailable_response(config: ClusterConfig) -> Path:
    """The balancer's own last resort (cluster/haproxy.cfg, errorfile 503), for the moment when
    neither an action server nor cluster/actions_unavailable.py answers: the same stand-in answer
    (`utter_unavailable`, rendered by Rasa), without the form's slots to empty."""
    body = json.dumps(stand_in_answer({}))
    path = config.run_dir / "actions-unavailable.http"
    path.write_bytes(
        (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-cache\r\n"
            f"Content-Length: {len(body.encode())}\r\nConnection: close\r\n\r\n{body}"
        ).encode()
    )
    return path


class Cluster:
    def __init__(self, config: ClusterConfig, python: str = sys.executable) -> None:
        self.config = config
        self.python = python
        config.run_dir.mkdir(parents=True, exist_ok=True)
        self.services = {name: self._service(name) for name in self.names}

    # -- what each process is -------------------------------------------------------------
    def command(self, name: str) -> list[str]:
        c = self.config
        if name in RASA_SERVERS:
            return launcher.rasa_command(
                model=c.model, port=getattr(c, f"{name}_port"), api_token=c.rasa_api_token,
                credentials=CREDENTIALS, endpoints=ENDPOINTS, interface=launcher.LOCALHOST,
                cors=[f"http://localhost:{c.web_port}"] if c.web_port is not None else [], python=self.python,
            )
        if name in ACTION_SERVERS:
            return launcher.action_server_command(getattr(c, f"{name}_port"), self.python)
        if name == "balancer":
            haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
            return [haproxy, "-db", "-f", str(HAPROXY_CONFIG)]
        if name == "web":
            return launcher.web_command(self.python)
        if name == "escalation":
            return launcher.escalation_command(self.python)
        if name == "actions_unavailable":
            return [self.python, "-m", "cluster.actions_unavailable", "--port", str(c.actions_fallback_port)]
        if name == "redis":
            # In memory only (no dump, no append-only file): locks and socket.io messages are transient.
            return [shutil.which(REDIS_SERVER) or f"/usr/bin/{REDIS_SERVER}", "--bind", "127.0.0.1",
                    "--port", str(c.redis_port), "--requirepass", c.redis_password, "--save", "",
                    "--appendonly", "no", "--protected-mode", "yes"]
        raise KeyError(name)

    def health_url(self, name: str) -> str | None:
        c = self.config
        if name == "escalation":
            return None  # no port: it only checks the database and calls Rasa through the balancer
        if name in RASA_SERVERS:
            return c.server_url(name) + "/"
        if name in ACTION_SERVERS:
            return c.server_url(name) + "/health"
        if name == "balancer":
            return f"http://127.0.0.1:{c.actions_port}/health"  # answered even with no action server
        if name == "web":
            return f"http://127.0.0.1:{c.web_port}/"
        if name == "actions_unavailable":
            return f"http://127.0.0.1:{c.actions_fallback_port}/health"
        if name == "redis":
            return None  # not HTTP: start_all pings it before anything that uses it starts
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        names = ["redis"] if self.config.own_redis else []
        names += ["balancer", "actions_unavailable", *ACTION_SERVERS, *RASA_SERVERS]
        # The crisis-escalation worker goes with the staff console, as in `make run`.
        return names + (["web", "escalation"] if self.config.web_port is not None else [])

    def log(self, name: str) -> Path:
        return self.config.run_dir / f"{name}.log"

    def _service(self, name: str) -> launcher.Service:
        return launcher.Service(name, self.command(name), self.config.environment(), self.health_url(name),
                                self.log(name))

    @property
    def processes(self) -> dict[str, subprocess.Popen]:
        return {name: s.process for name, s in self.services.items() if s.process is not None}

    # -- life cycle (clinic_assistant/launcher.py) ---------------------------------------------
    def start(self, name: str, *, wait: bool = True) -> subprocess.Popen:
        if name == "balancer":
            write_actions_unavailable_response(self.config)
        process = launcher.start(self.services[name])
        if wait:
            self.wait_healthy(name)
        return process

    def start_all(self) -> None:
        try:
            if self.config.own_redis:
                self.start("redis", wait=False)
                self.wait_redis()
            for name in self.names:
                if name == "redis":
                    continue
                self.start(name, wait=False)
            for name in self.names:
                self.wait_healthy(name)
            self.wait_balanced()
        except BaseException:
            self.stop_all()
            raise

    def wait_redis(self, timeout: float = 30) -> None:
        import redis

        deadline = time.monotonic() + timeout
        while True:
            try:
                redis.Redis.from_url(self.config.shared_redis_url, socket_timeout=1).ping()
                return
            except redis.RedisError:
                if not self.running("redis") or time.monotonic() > deadline:
                    raise launcher.ServiceFailed(f"the cluster's Redis did not start:\n{self.tail('redis')}") from None
                time.sleep(0.2)

    def wait_healthy(self, name: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        launcher.wait_healthy(self.services[name], timeout)

    def running(self, name: str) -> bool:
        return self.services[name].running

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Ends one process at once (SIGKILL by default: a crash, not a shutdown)."""
        launcher.kill(self.services[name], sig)

    def stop(self, name: str) -> None:
        launcher.stop(self.services[name], timeout=STOP_TIMEOUT_SECONDS)

    def stop_all(self) -> None:
        """SIGTERM to every process at once, then waits for each (SIGKILL after the timeout)."""
        launcher.stop(*self.services.values(), timeout=STOP_TIMEOUT_SECONDS)

    def balancer_states(self) -> dict[str, str]:
        """`server name -> UP/DOWN/...` as the balancer sees them (its stats socket)."""
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.config.run_dir / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("svname") not in (None, "", "FRONTEND", "BACKEND"):
                states[row["svname"]] = row["status"]
        return states

    def wait_balanced(self, timeout: float = 30) -> None:
        """Waits until the balancer sends traffic to every server that is running."""
        deadline = time.monotonic() + timeout
        while True:
            expected = {name for name in (*RASA_SERVERS, *ACTION_SERVERS, "actions_unavailable") if self.running(name)}
            states = self.balancer_states()
            if all(states.get(name) == "UP" for name in expected) and all(
                states.get(name) != "UP" for name in set(states) - expected
            ):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the balancer sees {states}, expected {sorted(expected)} up")
            time.sleep(0.3)

    def tail(self, name: str, chars: int = 3000) -> str:
        return self.services[name].tail(chars)
