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
MODEL_PID= NLU_PID= SAFETY_PID=
cleanup() {
  # A failed step leaves no training or evaluation running behind it.
  for pid in $MODEL_PID $NLU_PID $SAFETY_PID; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
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

# Three offline checks of the model side by side: each is one process that loads the model and
# reads its test set alone, so together they take about the time of the longest on two cores.
step "conversation stories (rasa test core), held-out NLU (rasa test nlu), held-out risk sets (tests/safety)"
"$RASA" test nlu --model "$MODEL" --nlu tests/nlu/test_nlu.yml --out "$WORK/results/nlu" > "$WORK/nlu.log" 2>&1 &
NLU_PID=$!
# Recall and false alarms no worse than their floors.
MODEL_PATH="$MODEL" "$VENV/bin/python" scripts/eval_safety.py --gate > "$WORK/safety-eval.txt" 2>&1 &
SAFETY_PID=$!
"$RASA" test core --model "$MODEL" --stories tests/stories --fail-on-prediction-errors --out "$WORK/results/core"
wait "$NLU_PID" || { cat "$WORK/nlu.log"; echo "FAILED: rasa test nlu" >&2; exit 1; }
wait "$SAFETY_PID" || { cat "$WORK/safety-eval.txt"; echo "FAILED: held-out risk sets" >&2; exit 1; }
NLU_PID= SAFETY_PID=
grep -E '^(RISK messages|False alarms)' "$WORK/safety-eval.txt"
"$VENV/bin/python" scripts/check_nlu_thresholds.py "$WORK/results/nlu"

step "tests against the trained model"
MODEL_PATH="$MODEL" run_pytest tests/integration

step "security tests (issue 16: each attack against the real servers)"
MODEL_PATH="$MODEL" run_pytest tests/security

step "browser tests (Playwright driving Debian's Chromium)"
MODEL_PATH="$MODEL" run_pytest tests/browser

printf '\nAll checks passed in %ss.\n' "$(( $(date +%s) - START ))"
