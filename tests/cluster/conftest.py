"""The cluster for the cluster tests: HAProxy, two Rasa servers and two action servers, on the
machine's PostgreSQL (own databases, created anew) and Redis (own key prefix and channel).

One cluster for the whole session (starting a Rasa server takes about a minute on two cores).
Fault tests kill processes; before each test, whatever is not running is started again. At the
end everything is stopped, even when a test failed, and the databases are dropped.
"""
from __future__ import annotations

import os
import random
import shutil
import socket
import uuid

import pytest
import redis
import sqlalchemy as sa

from cluster.stack import (
    DEFAULT_POSTGRES_ADMIN_URL,
    Cluster,
    ClusterConfig,
    drop_databases,
    prepare_databases,
)

PORT_RANGE = (17100, 17999)  # the cluster tests' own ports
TOKEN = "test-token-" + "x" * 32
SECRET = "test-secret-" + "x" * 32
ACTION_TOKEN = "test-action-token-" + "x" * 32


def free_ports(count: int) -> list[int]:
    ports: list[int] = []
    candidates = list(range(*PORT_RANGE))
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"no {count} free ports in {PORT_RANGE}")


def unavailable(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"The cluster tests must run in CI, but {what}")
    pytest.skip(what)


@pytest.fixture(scope="session")
def cluster(model_path, tmp_path_factory):
    if not shutil.which("haproxy") and not os.path.exists("/usr/sbin/haproxy"):
        unavailable("HAProxy is not installed (make balancer)")
    postgres_url = os.environ.get("CLUSTER_POSTGRES_URL", DEFAULT_POSTGRES_ADMIN_URL)
    # The cluster's own password-protected Redis, as `make run-cluster` runs it, unless one is named.
    redis_url = os.environ.get("CLUSTER_REDIS_URL")
    if redis_url is None and not shutil.which("redis-server"):
        unavailable("redis-server is not installed (Debian's redis-server package)")
    if redis_url is not None:
        try:
            redis.Redis.from_url(redis_url, socket_timeout=3).ping()
        except redis.RedisError as error:
            unavailable(f"Redis is not reachable at {redis_url} ({error}; make services)")
    ports = free_ports(8)
    namespace = f"clinictest{uuid.uuid4().hex[:10]}"
    config = ClusterConfig(
        model=model_path,
        run_dir=tmp_path_factory.mktemp("cluster"),
        rasa_api_token=TOKEN,
        console_secret_key=SECRET,
        action_server_token=ACTION_TOKEN,
        env="test",
        rasa_port=ports[0], rasa1_port=ports[1], rasa2_port=ports[2],
        actions_port=ports[3], actions1_port=ports[4], actions2_port=ports[5], actions_fallback_port=ports[6],
        web_port=None,
        postgres_admin_url=postgres_url,
        app_database="clinic_cluster_test_app",
        tracker_database="clinic_cluster_test_tracker",
        redis_url=redis_url,
        redis_port=ports[7],
        redis_namespace=namespace,
    )
    try:
        prepare_databases(config, fresh=True)
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {postgres_url} ({error}; make services)")
    stack = Cluster(config)
    print(f"\ncluster logs: {config.run_dir}")
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        if redis_url is not None:  # the cluster's own Redis kept nothing on disk
            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(f"{namespace}:*"):
                client.delete(key)
        try:
            drop_databases(config)
        except sa.exc.SQLAlchemyError:
            pass


@pytest.fixture(autouse=True)
def whole_cluster(cluster):
    """Every test starts with every process running and the balancer using them all."""
    stopped = [name for name in cluster.names if not cluster.running(name)]
    for name in stopped:
        cluster.start(name, wait=False)
    for name in stopped:
        cluster.wait_healthy(name)
    cluster.wait_balanced()
    return cluster


@pytest.fixture
def urls(cluster):
    c = cluster.config
    return {"balancer": c.rasa_url, "rasa1": c.server_url("rasa1"), "rasa2": c.server_url("rasa2")}
