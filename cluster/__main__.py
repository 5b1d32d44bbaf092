"""`make run-cluster`: two Rasa servers and two action servers behind HAProxy, with the
PostgreSQL tracker store and app database and the Redis lock store, plus the web app; in the
foreground until Ctrl-C (or one of them stops).

Configuration from the environment: CLUSTER_POSTGRES_URL (an administrator's URL; default
postgresql://postgres@127.0.0.1:5432/postgres), CLUSTER_REDIS_URL (default: the
cluster's own redis-server on the port after CLUSTER_PORT + 62, with a password generated at each
start), CLUSTER_PORT (the balancer's port; default 17000, the servers use the
next ports), and the usual settings (RASA_API_TOKEN, CONSOLE_SECRET_KEY, ENV, ...).
"""
from __future__ import annotations

import os
import signal
import sys

from clinic_assistant.launcher import Supervisor
from clinic_assistant.run import MODEL, ensure_dev_secrets
from clinic_assistant.settings import PROJECT_ROOT, SettingsError, load_settings
from cluster.stack import DEFAULT_POSTGRES_ADMIN_URL, Cluster, ClusterConfig, prepare_databases


def main() -> int:
    environ = dict(os.environ)
    ensure_dev_secrets(environ)
    try:
        settings = load_settings(environ)
        base = int(environ.get("CLUSTER_PORT", "17000"))
    except (SettingsError, ValueError) as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first.", file=sys.stderr)
        return 2
    config = ClusterConfig(
        model=MODEL,
        run_dir=PROJECT_ROOT / "var" / "cluster",
        rasa_api_token=settings.rasa_api_token,
        console_secret_key=settings.console_secret_key,
        action_server_token=settings.action_server_token,
        env=settings.env,
        rasa_port=base, rasa1_port=base + 1, rasa2_port=base + 2,
        actions_port=base + 50, actions1_port=base + 51, actions2_port=base + 52, actions_fallback_port=base + 59,
        web_port=base + 80,
        postgres_admin_url=environ.get("CLUSTER_POSTGRES_URL", DEFAULT_POSTGRES_ADMIN_URL),
        redis_url=environ.get("CLUSTER_REDIS_URL"),  # none: the cluster's own, with a password
        redis_port=base + 63,
        extra_env={k: environ[k] for k in ("RASA_API_TOKEN", "CONSOLE_SECRET_KEY")},
    )
    prepare_databases(config)
    cluster = Cluster(config)
    redis = f"127.0.0.1:{config.redis_port}, password-protected" if config.own_redis else "CLUSTER_REDIS_URL"
    print("Starting the cluster (the Rasa servers take a minute to load the model)...", flush=True)
    cluster.start_all()
    print(
        f"\nCluster running (Ctrl-C stops all; logs in {config.run_dir}):\n"
        f"  Balancer       {config.rasa_url}  (REST, socket.io, HTTP API; one conversation -> one server)\n"
        f"  Rasa servers   {config.server_url('rasa1')}  {config.server_url('rasa2')}\n"
        f"  Action servers {config.server_url('actions1')}  {config.server_url('actions2')}"
        f"  (through the balancer: http://127.0.0.1:{config.actions_port})\n"
        f"  Web app        http://localhost:{config.web_port}/  (staff console under /staff)\n"
        f"  PostgreSQL     {config.app_database} (app), {config.tracker_database} (tracker store)\n"
        f"  Redis          {redis} (lock store, socket.io rooms)\n",
        flush=True,
    )
    # As before, no restarts: any process that stops ends the run (the balancer has already moved
    # its traffic, and tests/cluster restarts servers itself).
    supervisor = Supervisor(cluster.services.values())
    signal.signal(signal.SIGINT, supervisor.request_stop)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
