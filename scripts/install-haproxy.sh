#!/usr/bin/env bash
# Installs Debian's HAProxy (bookworm: 2.6), the cluster's load balancer (cluster/haproxy.cfg),
# when it is missing. The package's own service is never used: cluster/stack.py runs haproxy in
# the foreground with the cluster's configuration. Idempotent.
set -euo pipefail

if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "HAProxy is missing and installing it needs root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y haproxy" >&2
  exit 1
fi

echo "Installing Debian's haproxy (the cluster's load balancer)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends haproxy
/usr/sbin/haproxy -v | sed -n 1p  # sed reads to the end: no SIGPIPE under pipefail
