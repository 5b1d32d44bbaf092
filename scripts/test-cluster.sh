#!/usr/bin/env bash
# `make test-cluster`: the cluster's tests (tests/cluster) against models/clinic.tar.gz (or
# MODEL_PATH): two Rasa servers and two action servers behind HAProxy, on the machine's
# PostgreSQL and Redis, with their own databases and Redis key prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
START=$(date +%s)
rc=0
.venv/bin/pytest tests/cluster "$@" || rc=$?
if [ "$rc" -eq 5 ]; then echo "FAILED: pytest ran no tests in tests/cluster" >&2; exit 1; fi
printf '\nCluster tests finished in %ss (exit %s).\n' "$(( $(date +%s) - START ))" "$rc"
exit "$rc"
