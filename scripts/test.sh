#!/usr/bin/env bash
# `make test`: every check the project has, in order, stopping at the first failure.
# Reuses models/clinic.tar.gz when nothing it is made from changed (scripts/model.py), else trains
# it, and scores the held-out NLU test set.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export PYTHONHASHSEED=0
VENV=.venv
RASA="$VENV/bin/rasa"
WORK=$(mktemp -d -t clinic-test-XXXXXX)
MODEL_PID=
cleanup() {
  # A failed step leaves no training running behind it.
  if [ -n "$MODEL_PID" ]; then pkill -P "$MODEL_PID" 2>/dev/null || true; kill "$MODEL_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
START=$(date +%s)

step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - START ))"; }

run_pytest() {
  # pytest exits 5 when it collected nothing: a test step that ran no test is a failure.
  local rc=0
  "$VENV/bin/pytest" "$@" || rc=$?
  if [ "$rc" -eq 5 ]; then echo "FAILED: pytest ran no tests in $*" >&2; exit 1; fi
  [ "$rc" -eq 0 ] || exit "$rc"
}

step "lint (ruff)"
"$VENV/bin/ruff" check .

# The model trains (when anything it is made from changed) while the unit tests and the data
# validation run: neither needs it, and training leaves part of the machine idle.
"$VENV/bin/python" scripts/model.py > "$WORK/model.log" 2>&1 &
MODEL_PID=$!

step "unit tests (four workers: many tests wait on a database, a browser or a subprocess)"
# Store tests also run on PostgreSQL at 127.0.0.1:5432 (required when CI=true): start the local
# server if it is installed but stopped.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
run_pytest tests/unit -n 4 --dist worksteal  # an idle worker takes tests queued behind a slow one

step "rasa data validate"
"$RASA" data validate --fail-on-warnings

step "model (trained only if its data, domain, config or components changed)"
wait "$MODEL_PID" || { cat "$WORK/model.log"; echo "FAILED: training the model" >&2; exit 1; }
MODEL_PID=
tail -n 1 "$WORK/model.log"
MODEL=models/clinic.tar.gz

step "conversation stories (rasa test core)"
"$RASA" test core --model "$MODEL" --stories tests/stories --fail-on-prediction-errors --out "$WORK/results/core"

step "held-out NLU test set (rasa test nlu)"
"$RASA" test nlu --model "$MODEL" --nlu tests/nlu/test_nlu.yml --out "$WORK/results/nlu"

step "tests against the trained model"
MODEL_PATH="$MODEL" run_pytest tests/integration

step "security tests (issue 16: each attack against the real servers)"
MODEL_PATH="$MODEL" run_pytest tests/security

step "browser tests (Playwright driving Debian's Chromium)"
MODEL_PATH="$MODEL" run_pytest tests/browser

step "held-out risk sets (tests/safety): recall and false alarms no worse than their floors"
MODEL_PATH="$MODEL" "$VENV/bin/python" scripts/eval_safety.py --gate > "$WORK/safety-eval.txt" || { cat "$WORK/safety-eval.txt"; exit 1; }
grep -E '^(RISK messages|False alarms)' "$WORK/safety-eval.txt"

step "NLU thresholds"
"$VENV/bin/python" scripts/check_nlu_thresholds.py "$WORK/results/nlu"

printf '\nAll checks passed in %ss.\n' "$(( $(date +%s) - START ))"
