#!/usr/bin/env python3
"""Per-turn latency of one long conversation: does a turn cost more late in a conversation?

    python bench/long_conversation.py [--model models/clinic.tar.gz] [--turns 500]
        [--store endpoints|sql] [--profile 500]

One process, in-process `Agent` (what `rasa run` does per message, without HTTP), the tracker
store of endpoints.yml (`--store endpoints`, the default) or Rasa's plain SQLTrackerStore
(`--store sql`), both on a throwaway SQLite file, and no action server: the messages cycle
through greetings, FAQ questions, thanks and out-of-scope, which the Rasa server answers alone.
Reports the median wall time of turns 6-15 ("turn 10") and of the last ten turns ("turn N"),
and their ratio, then the same for the process's CPU time (less disturbed by other processes).
`--profile N` prints a cProfile of turn N.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for name, value in (("RASA_TELEMETRY_ENABLED", "false"), ("SQLALCHEMY_SILENCE_UBER_WARNING", "1"),
                    ("TF_CPP_MIN_LOG_LEVEL", "2")):
    os.environ.setdefault(name, value)

MESSAGES = [
    "hello",
    "what is ketamine",
    "how much does it cost",
    "thanks",
    "will i trip",
    "is it addictive",
    "what's the weather like",
    "are you a bot",
    "how many infusions would i need",
    "does insurance cover it",
]


def make_store(kind: str, db: Path):
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    if kind == "sql":
        return SQLTrackerStore(dialect="sqlite", host=f"sqlite:///{db}")
    os.environ["TRACKER_STORE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("ACTIONS_PORT", "5055")
    os.environ.setdefault("ACTION_SERVER_TOKEN", "unused")  # endpoints.yml names it; no action is called here
    return TrackerStore.create(read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store"))


async def run(args: argparse.Namespace) -> list[float]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    # As `rasa run` does by default (INFO): no debug logging in the timings.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(args.store, Path(tmp) / "tracker.db")
        nlg = EndpointConfig(type="clinic_assistant.rasa_plugins.nlg.ClinicResponseGenerator")
        agent = Agent.load(str(args.model), generator=nlg, tracker_store=store)
        print(f"tracker store: {type(agent.tracker_store._tracker_store).__name__}", file=sys.stderr)
        for text in MESSAGES[:3]:  # warm-up in another conversation
            await agent.handle_text(text, sender_id="warm-up")
        times, cpu_times = [], []
        for turn in range(1, args.turns + 1):
            text = MESSAGES[turn % len(MESSAGES)]
            profiler = cProfile.Profile() if turn == args.profile else None
            start, cpu_start = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            replies = await agent.handle_text(text, sender_id="long-conversation")
            if profiler:
                profiler.disable()
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
            if not replies:
                raise SystemExit(f"no reply at turn {turn} to {text!r}")
            if profiler:
                pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
        return times, cpu_times


def report(label: str, times: list[float], turns: int) -> None:
    early = statistics.median(times[5:15]) * 1000
    late = statistics.median(times[-10:]) * 1000
    print(f"{label}: turn 10: {early:.1f} ms   turn {turns}: {late:.1f} ms   ratio {late / early:.2f}")
    for mark in (50, 100, 200, 300, 400, 500, 1000):
        if mark <= len(times):
            print(f"  turns {mark - 9}-{mark}: median {statistics.median(times[mark - 10:mark]) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--store", choices=["endpoints", "sql"], default="endpoints")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    times, cpu_times = asyncio.run(run(args))
    report("wall time", times, args.turns)
    # CPU time of the process: what the turn costs, less disturbed by other processes on the machine.
    report("CPU time", cpu_times, args.turns)


if __name__ == "__main__":
    main()
