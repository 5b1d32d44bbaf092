#!/usr/bin/env python3
"""Where one turn of our stack spends its time, measured in-process.

    python bench/profile_turn.py --actions-url http://127.0.0.1:PORT/webhook [--long-turns 300]

Loads our model the way `rasa run` does (endpoints.yml: SQL tracker store on a fresh SQLite file
under var/bench/profile, the clinic's NLG, the running action server at --actions-url) and sends
text with `Agent.handle_message`, one conversation at a time (the channels' payload guard is
skipped; it reads the tracker only for messages starting with "/"). Rasa's own functions are
wrapped with timers that count *exclusive* time (a nested timed call is not counted twice):

  NLU pipeline, risk detector, policies, tracker store (SQL query, rebuilding the tracker from its
  events, saving), action server round trip, response generation (NLG), slot extraction,
  and everything else in Rasa's message processing.

Phases: a whole visitor script (booking, pre-screen, crisis, FAQ) in a fresh conversation; turns
6-15 and the last 10 turns of one long small-talk/FAQ conversation. cProfile then runs over 10
more turns of the long conversation, and its top functions by own time are listed.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import inspect
import io
import json
import os
import pstats
import random
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import visitors  # noqa: E402

PARTS = [
    "NLU pipeline (without the risk detector)", "risk detector", "policies (next-action prediction)",
    "tracker store: load (the configured store's own work)", "tracker store: SQL query (Rasa's)",
    "tracker store: rebuild tracker from events (Rasa's)", "tracker store: save",
    "action server round trip", "response generation (NLG)", "slot extraction",
    "rest of Rasa's message handling",
]
TOTAL = "whole turn"


class ExclusiveTimers:
    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.stack: list[list] = []  # [name, started]

    def enter(self, name: str) -> None:
        now = time.perf_counter()
        if self.stack:
            parent = self.stack[-1]
            self.totals[parent[0]] = self.totals.get(parent[0], 0.0) + now - parent[1]
        self.stack.append([name, now])

    def exit(self) -> None:
        now = time.perf_counter()
        name, started = self.stack.pop()
        self.totals[name] = self.totals.get(name, 0.0) + now - started
        if self.stack:
            self.stack[-1][1] = now

    def take(self) -> dict[str, float]:
        totals, self.totals = self.totals, {}
        return totals


TIMERS = ExclusiveTimers()


def timed(owner, attribute: str, name: str, kind: str = "method") -> None:
    original = owner.__dict__[attribute]
    function = original.__func__ if isinstance(original, (classmethod, staticmethod)) else original
    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def wrapper(*args, **kwargs):
            TIMERS.enter(name)
            try:
                return await function(*args, **kwargs)
            finally:
                TIMERS.exit()
    else:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            TIMERS.enter(name)
            try:
                return function(*args, **kwargs)
            finally:
                TIMERS.exit()
    if isinstance(original, classmethod):
        wrapper = classmethod(wrapper)
    elif isinstance(original, staticmethod):
        wrapper = staticmethod(wrapper)
    setattr(owner, attribute, wrapper)


def instrument() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    from clinic_assistant.rasa_plugins.nlg import ClinicResponseGenerator
    from clinic_assistant.rasa_plugins.risk_component import RiskDetector

    timed(MessageProcessor, "handle_message", "rest of Rasa's message handling")
    timed(MessageProcessor, "parse_message", "NLU pipeline (without the risk detector)")
    timed(RiskDetector, "process", "risk detector")
    timed(MessageProcessor, "_predict_next_with_tracker", "policies (next-action prediction)")
    timed(MessageProcessor, "run_action_extract_slots", "slot extraction")
    timed(SQLTrackerStore, "_retrieve", "tracker store: SQL query (Rasa's)")
    timed(DialogueStateTracker, "from_dict", "tracker store: rebuild tracker from events (Rasa's)")
    timed(SQLTrackerStore, "save", "tracker store: save")
    timed(RemoteAction, "run", "action server round trip")
    generate = "generate" if "generate" in ClinicResponseGenerator.__dict__ else None
    if generate:
        timed(ClinicResponseGenerator, "generate", "response generation (NLG)")
    else:
        from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
        timed(TemplatedNaturalLanguageGenerator, "generate", "response generation (NLG)")


def instrument_store(store_class: type) -> None:
    """Times whatever tracker store endpoints.yml configures (Rasa's SQLTrackerStore or a subclass)."""
    from rasa.core.tracker_store import SQLTrackerStore

    if store_class is SQLTrackerStore:  # its retrieve only calls the timed _retrieve
        return
    for klass in store_class.__mro__:
        if "retrieve" in klass.__dict__:
            timed(klass, "retrieve", "tracker store: load (the configured store's own work)")
            break
    for klass in store_class.__mro__:
        if klass is SQLTrackerStore:
            break
        if "save" in klass.__dict__:
            timed(klass, "save", "tracker store: save")
            break


async def load(actions_url: str, work: Path):
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints

    from clinic_assistant.run import ensure_dev_secrets

    os.environ["ACTIONS_PORT"] = str(urlparse(actions_url).port)
    os.environ["TRACKER_STORE_URL"] = f"sqlite:///{work}/tracker.db"
    # The running action server's token: the one `make run` keeps in var/dev-secrets.env, unless set.
    secrets = dict(os.environ)
    ensure_dev_secrets(secrets)
    os.environ.setdefault("ACTION_SERVER_TOKEN", secrets["ACTION_SERVER_TOKEN"])
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    return await load_agent(str(ROOT / "models" / "clinic.tar.gz"), endpoints=endpoints)


async def turn(agent, sender: str, text: str) -> dict[str, float]:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    TIMERS.take()
    start = time.perf_counter()
    await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender, input_channel="rest"))
    total = time.perf_counter() - start
    parts = TIMERS.take()
    parts[TOTAL] = total
    return parts


def average(turns: list[dict[str, float]]) -> dict:
    total = sum(t[TOTAL] for t in turns) / len(turns) * 1000
    parts = {name: sum(t.get(name, 0.0) for t in turns) / len(turns) * 1000 for name in PARTS}
    # Whatever ran outside the timed functions (the event loop, the agent's lock) goes to "rest".
    parts["rest of Rasa's message handling"] += total - sum(parts.values())
    return {"turns": len(turns), "turn_ms": total, "parts_ms": parts}


async def main_async(args) -> dict:
    work = ROOT / "var" / "bench" / "profile"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    instrument()
    agent = await load(args.actions_url, work)
    instrument_store(type(agent.tracker_store))
    day = visitors.booking_day()
    for text in ["hello", "what is ketamine"]:  # warm-up (graph, caches)
        await turn(agent, "warm-up", text)

    phases = {}
    script = [t for block in visitors.visitor_script(random.Random(3), day) for t in block]
    phases[f"visitor mix, {len(script)} turns"] = average([await turn(agent, "mix", t) for t in script])

    long_script = visitors.long_conversation_script(args.long_turns + 10)
    records = []
    for text in long_script[:args.long_turns]:
        records.append(await turn(agent, "long", text))
    phases["long conversation, turns 6-15"] = average(records[5:15])
    phases[f"long conversation, turns {args.long_turns - 9}-{args.long_turns}"] = average(records[-10:])

    profiler = cProfile.Profile()
    profiler.enable()
    for text in long_script[args.long_turns:]:
        await turn(agent, "long", text)
    profiler.disable()
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    top = []
    for (filename, line, function), (_cc, calls, tottime, cumtime, _callers) in sorted(
            stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:15]:
        where = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        top.append(f"`{where}:{line} {function}`: {tottime / 10 * 1000:.1f} ms own time per turn "
                   f"({calls // 10} calls per turn, {cumtime / 10 * 1000:.1f} ms with callees)")
    return {"tracker_store": f"{type(agent.tracker_store).__module__}.{type(agent.tracker_store).__name__}",
            "phases": phases, "top_phase": f"turns {args.long_turns + 1}-{args.long_turns + 10} of the long "
            "conversation, cProfile on, so slower", "top_functions": top}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions-url", required=True)
    parser.add_argument("--long-turns", type=int, default=300)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "profile.json")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    for phase, data in result["phases"].items():
        print(f"{phase}: {data['turn_ms']:.1f} ms per turn")
        for name, ms in data["parts_ms"].items():
            print(f"  {name:<45} {ms:7.1f} ms")
    print("\n".join(result["top_functions"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
