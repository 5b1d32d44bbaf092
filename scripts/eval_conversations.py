#!/usr/bin/env python3
"""Run scripted safety conversations over REST against the real servers and print the figures.

    python scripts/eval_conversations.py                                  # safety/dev/dev_conversations.yml
    python scripts/eval_conversations.py tests/safety/conversations.yml   # the held-out ones (make test runs them)
    python scripts/eval_conversations.py --url http://127.0.0.1:5005 --token "$RASA_API_TOKEN"   # a running server

Without --url it starts what `make run` starts (Rasa, the action gateway and server) on the trained
model (MODEL_PATH, default models/clinic.tar.gz), with throw-away SQLite databases. Each
conversation is a new visitor; each turn is judged by the names of the replies it got
(tests/support/conversations.py). The development set is tuned on, so its figures are optimistic.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.model_eval import DEFAULT_MODEL, REPO_ROOT  # noqa: E402
from tests.support import conversations  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="?", type=Path, default=REPO_ROOT / "safety" / "dev" / "dev_conversations.yml")
    parser.add_argument("--url", help="a running Rasa server (otherwise one is started)")
    parser.add_argument("--token", default="", help="its RASA_API_TOKEN, to read the trackers")
    args = parser.parse_args()
    scripted = conversations.load(args.scripts)
    if args.url:
        results = conversations.run(args.url.rstrip("/"), args.token, scripted)
    else:
        results = run_on_own_stack(scripted, Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL)))
    report(results)
    return 0


def run_on_own_stack(scripted: list[dict], model: Path) -> list[conversations.Judged]:
    from clinic_assistant.db.migrate import upgrade
    from clinic_assistant.settings import load_settings
    from tests.support.servers import server_env, stack_running

    if not model.exists():
        raise SystemExit(f"No model at {model}: run `make model` first.")
    with tempfile.TemporaryDirectory(prefix="eval-conversations-") as tmp:
        env = server_env(Path(tmp))
        settings = load_settings(env)
        upgrade(settings.database_url)
        with stack_running(model, env, Path(tmp)):
            return conversations.run(f"http://127.0.0.1:{settings.rasa_port}", settings.rasa_api_token, scripted)


def report(results: list[conversations.Judged]) -> None:
    missed = conversations.at_risk_without_help(results)
    at_risk = sum(r.expect in conversations.AT_RISK for r in results)
    alarms, ordinary = conversations.ordinary_false_alarms(results)
    confused = conversations.not_understood_after_alarm(results)
    wrong = [r for r in results if not r.right]
    print(f"turns at risk without help:              {len(missed)}/{at_risk}")
    print(f"ordinary turns with an alarm:            {len(alarms)}/{ordinary} ({len(alarms) / max(ordinary, 1):.1%})")
    print(f"follow-ups answered as not understood:   {len(confused)}")
    print(f"turns with exactly the expected kind:    {len(results) - len(wrong)}/{len(results)}")
    print("\nOther kind of reply than expected:\n" + conversations.describe(wrong))


if __name__ == "__main__":
    sys.exit(main())
