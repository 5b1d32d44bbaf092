#!/usr/bin/env python3
"""Load benchmark: our assistant against a plain `rasa init` assistant, same load, same machine.

    python bench/harness.py [--quick] [--train-ours] [--no-doc] [--levels 1,10,50,100] [--seconds 25]

Starts both stacks on ports 16000-16999 (ours: Rasa + action server + SQLite tracker store and app
database under var/bench/ours; baseline: `rasa init` under var/bench/baseline, created and trained
when missing), then measures:

* cold start (launch to the first answer to "hello") and model size of each;
* training time of the baseline (timed in this run unless --quick); ours with --train-ours (about
  4.5 minutes on 2 cores, into var/bench/train-ours, never models/), otherwise the last figure;
* for 1, 10, 50 and 100 concurrent visitors on the REST and socket.io channels, interleaving the
  two stacks: messages per second, latency p50/p95/p99, errors, peak memory of every process;
* 10 visitors pacing their messages (`--think` seconds apart on average) on REST;
* the latency of one 510-turn conversation (small talk and FAQ) around turn 10 and turn 500;
* a profile of our stack's turn (bench/profile_turn.py, in-process, cProfile plus timers).

Raw results go to var/bench/results-<time>.json (and latest.json), the plot to
docs/performance-latency.png and the tables into docs/performance.md between the
`bench:results` markers (the hand-written analysis around them is kept).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
import stacks  # noqa: E402
import visitors  # noqa: E402

ROOT = stacks.ROOT
WORK = ROOT / "var" / "bench"
# Last measured training of our model (`make model`, 2 cores, while other jobs shared the CPU);
# replaced by a fresh figure with --train-ours.
LAST_OURS_TRAINING = {
    "seconds": 344, "when": "2026-11-21 07:57",
    "how": "last `make model` (first to last line of its log, start-up imports excluded; a baseline training "
           "and other jobs shared the 2 cores)",
}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def summarize(result: visitors.LoadResult) -> dict:
    ok = [t.seconds * 1000 for t in result.turns if t.ok]
    errors = [t for t in result.turns if not t.ok]
    return {
        "stack": result.stack, "channel": result.channel, "visitors": result.visitors,
        "messages": len(ok), "errors": len(errors),
        "error_examples": sorted({t.error for t in errors})[:3],
        "no_reply_turns": sum(1 for t in result.turns if t.ok and t.replies == 0),
        "seconds": round(result.wall_seconds, 2),
        "throughput_mps": round(len(ok) / result.wall_seconds, 2) if result.wall_seconds else 0.0,
        "p50_ms": percentile(ok, 0.50), "p95_ms": percentile(ok, 0.95), "p99_ms": percentile(ok, 0.99),
        "mean_ms": statistics.fmean(ok) if ok else None, "max_ms": max(ok) if ok else None,
        "by_kind": {kind: {"messages": len(values), "p50_ms": percentile(values, 0.5),
                           "p95_ms": percentile(values, 0.95)}
                    for kind in sorted({t.kind for t in result.turns})
                    if (values := [t.seconds * 1000 for t in result.turns if t.ok and t.kind == kind])},
    }


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "kernel": platform.release(),
            "load_average_at_start": [round(x, 2) for x in load]}


def rasa_version() -> str:
    from importlib.metadata import version
    return version("rasa")


def measured_tree() -> dict:
    """What exactly was measured: the commit, uncommitted changes, the model and its policies, the store."""
    import tarfile

    import yaml

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip()

    info = {"commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted": git("status", "--porcelain", "--untracked-files=no").splitlines()}
    try:
        with tarfile.open(stacks.OUR_MODEL) as model:
            metadata = json.load(model.extractfile("metadata.json"))
        uses = {node["uses"] for node in metadata["predict_schema"]["nodes"].values()}
        info["model_trained_at"] = metadata.get("trained_at")
        info["model_policies"] = sorted(u.rsplit(".", 1)[-1] if u.startswith("rasa.") else u
                                        for u in uses if "polic" in u.lower() and "Ensemble" not in u)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        info["model_error"] = repr(error)
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    info["tracker_store"] = (endpoints.get("tracker_store") or {}).get("type")
    return info


def train_ours(work: Path) -> dict:
    out = work / "train-ours"
    print("Training our model into var/bench/train-ours (--train-ours) ...", flush=True)
    start = time.monotonic()
    subprocess.run([stacks.RASA, "train", "--force", "--fixed-model-name", "clinic", "--out", str(out)],
                   cwd=ROOT, env=stacks.base_env(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - start
    record = {"seconds": seconds, "how": "rasa train --force (bench --train-ours)",
              "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    (work / "training-ours.json").write_text(json.dumps(record))
    return {**record, "measured_in_this_run": True}


def ours_training(work: Path) -> dict:
    stored = work / "training-ours.json"
    if stored.exists():
        return {**json.loads(stored.read_text()), "measured_in_this_run": False}
    return {**LAST_OURS_TRAINING, "measured_in_this_run": False}


def window_median(latencies: list[float], turn: int, half: int = 5) -> float | None:
    """Median latency (ms) of turns turn-half+1 .. turn+half (1-based)."""
    chunk = latencies[max(0, turn - half):turn + half]
    return statistics.median(chunk) * 1000 if chunk else None


def run_profile(stack: stacks.Stack, actions_port: int, args) -> dict | None:
    out = WORK / "profile.json"
    cmd = [sys.executable, str(Path(__file__).with_name("profile_turn.py")), "--actions-url",
           f"http://127.0.0.1:{actions_port}/webhook", "--out", str(out), "--long-turns",
           str(args.profile_long_turns)]
    print("Profiling one turn of our stack in-process ...", flush=True)
    completed = subprocess.run(cmd, cwd=ROOT, env=stacks.base_env(), capture_output=True, text=True)
    if completed.returncode != 0:
        print(f"  profile failed:\n{completed.stderr[-2000:]}", flush=True)
        return None
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="short run for iterating: levels 1,10, 6 s each, 120-turn conversation")
    parser.add_argument("--levels", default=None, help="comma-separated numbers of concurrent visitors")
    parser.add_argument("--channels", default="rest,socketio")
    parser.add_argument("--seconds", type=float, default=None, help="duration of each load level")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause of the paced visitors (s)")
    parser.add_argument("--long-turns", type=int, default=None)
    parser.add_argument("--profile-long-turns", type=int, default=None)
    parser.add_argument("--train-ours", action="store_true", help="also time a training of our model (~4.5 min)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/")
    args = parser.parse_args(argv)
    levels = [int(x) for x in (args.levels or ("1,10" if args.quick else "1,10,50,100")).split(",")]
    channels = args.channels.split(",")
    seconds = args.seconds or (6.0 if args.quick else 20.0)
    long_turns = args.long_turns or (120 if args.quick else 510)
    late_turn = 500 if long_turns >= 505 else max(20, long_turns - 20)
    args.profile_long_turns = args.profile_long_turns or (60 if args.quick else 200)

    if not stacks.OUR_MODEL.exists():
        print(f"No model at {stacks.OUR_MODEL}: run `make model` first.", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    results: dict = {
        "started": started.isoformat(timespec="seconds"), "machine": machine(), "rasa": rasa_version(),
        "command": "make bench" + (" BENCH=--quick" if args.quick else ""), "argv": sys.argv[1:],
        "measured": measured_tree(),
        "settings": {"levels": levels, "channels": channels, "seconds_per_level": seconds, "think": args.think,
                     "long_turns": long_turns, "late_turn": late_turn, "quick": args.quick},
    }
    print(f"Benchmark {results['started']}: levels {levels}, channels {channels}, {seconds:.0f} s each", flush=True)

    baseline_info = stacks.ensure_baseline(WORK, retrain=not args.quick)
    results["training"] = {
        "baseline": baseline_info,
        "ours": train_ours(WORK) if args.train_ours else ours_training(WORK),
    }
    results["model_bytes"] = {"ours": stacks.OUR_MODEL.stat().st_size, "baseline": baseline_info["model_bytes"]}

    memory = stacks.MemoryWatch()
    memory.start()
    ports = stacks.PortPool()
    running: list[stacks.Stack] = []
    try:
        for start in (stacks.start_ours, stacks.start_baseline):
            stack = start(WORK, ports, memory)
            running.append(stack)
            print(f"  {stack.label}: up at {stack.url}, first answer {stack.cold_start_seconds:.1f} s after launch",
                  flush=True)
        ours, baseline = running
        results["cold_start"] = {
            s.label: {"seconds_to_first_answer": round(s.cold_start_seconds, 2),
                      "seconds_to_ready": round(s.ready_at - s.launched_at, 2),
                      "cpu_seconds_to_first_answer": round(s.cold_start_cpu_seconds, 1),
                      "first_answer": s.first_answer}
            for s in running
        }
        memory.set_phase("idle after start")
        memory.sample()

        # Warm-up: one whole visitor script per stack and channel (not measured), which also shows
        # how many replies each turn got.
        day = visitors.booking_day()
        script = [t for block in visitors.visitor_script(visitors.random.Random(1), day) for t in block]
        results["warm_up"] = {}
        for stack in running:
            for channel in channels:
                rows = asyncio.run(visitors.transcript(stack.url, channel, script))
                results["warm_up"][f"{stack.label}/{channel}"] = rows

        results["load"] = []
        for level in levels:
            for channel in channels:
                for stack in running:  # interleaved, so that both see the same machine
                    phase = f"{level} visitors"
                    memory.set_phase(phase)
                    outcome = summarize(asyncio.run(visitors.run_load(stack.label, stack.url, channel, level, seconds)))
                    memory.sample()
                    outcome["load_average"] = round(os.getloadavg()[0], 2)
                    results["load"].append(outcome)
                    print(f"  {stack.label:8} {channel:8} {level:3d} visitors: {outcome['throughput_mps']:6.1f} msg/s  "
                          f"p50 {outcome['p50_ms'] or 0:7.0f}  p95 {outcome['p95_ms'] or 0:7.0f}  "
                          f"p99 {outcome['p99_ms'] or 0:7.0f} ms  errors {outcome['errors']}", flush=True)

        results["paced"] = []
        for stack in running:
            memory.set_phase("paced")
            outcome = summarize(asyncio.run(
                visitors.run_load(stack.label, stack.url, "rest", 10, max(seconds, 20.0), think=args.think)))
            outcome["think_seconds"] = args.think
            results["paced"].append(outcome)
            print(f"  {stack.label:8} rest, 10 visitors pausing ~{args.think:.0f} s: "
                  f"{outcome['throughput_mps']:.1f} msg/s  p50 {outcome['p50_ms'] or 0:.0f}  "
                  f"p95 {outcome['p95_ms'] or 0:.0f} ms  errors {outcome['errors']}", flush=True)

        # Both stacks' long conversations run at the same time (one message at a time each, so one
        # core each): half the wall time, and both see the same machine.
        results["long_conversation"] = {}
        memory.set_phase("long conversation")

        async def both_long_conversations():
            return await asyncio.gather(*(visitors.run_long_conversation(s.url, long_turns) for s in running))

        for stack, latencies in zip(running, asyncio.run(both_long_conversations()), strict=True):
            early, late = window_median(latencies, 10), window_median(latencies, late_turn)
            results["long_conversation"][stack.label] = {
                "turns": long_turns, "late_turn": late_turn, "turn10_ms": early, "late_ms": late,
                "ratio": late / early if early and late else None,
                "latencies_ms": [round(x * 1000, 2) for x in latencies],
            }
            print(f"  {stack.label:8} one conversation: turn 10 {early:.0f} ms, turn {late_turn} {late:.0f} ms "
                  f"({late / early:.2f}x)" if early and late else "  too few turns", flush=True)

        memory.set_phase(None)
        if not args.no_profile:
            actions_port = ours.servers[0].port
            results["profile"] = run_profile(ours, actions_port, args)
        memory.sample()
    finally:
        for stack in running:
            stack.stop()
        memory.stop()
    results["memory_peak_mb"] = {name: round(memory.peak_mb(name), 1) for name in memory.roots}
    results["memory_peak_mb"]["load generator (this process)"] = round(stacks.self_peak_mb(), 1)
    results["memory_by_phase_mb"] = {phase: {n: round(kb / 1024, 1) for n, kb in peaks.items()}
                                     for phase, peaks in memory.phase_peaks.items()}
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    results["duration_seconds"] = round((dt.datetime.now() - started).total_seconds())

    stamp = started.strftime("%Y%m%d-%H%M%S")
    for path in (WORK / f"results-{stamp}.json", WORK / "latest.json"):
        path.write_text(json.dumps(results, indent=1, default=str))
    plot = report.plot(results, (WORK if args.no_doc else ROOT / "docs") / "performance-latency.png")
    text = report.markdown(results)
    print("\n" + text)
    if not args.no_doc:
        report.update_doc(ROOT / "docs" / "performance.md", text)
        print(f"Wrote docs/performance.md and {plot.relative_to(ROOT)}")
    print(f"Raw results: var/bench/results-{stamp}.json ({results['duration_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
