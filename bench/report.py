"""Tables, goals and the plot of a harness run (bench/harness.py)."""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
P95_GOAL_MS, TURN_RATIO_GOAL, COLD_START_GOAL_S = 150.0, 1.2, 30.0
STYLE = {"ours": ("tab:blue", "ours"), "baseline": ("tab:gray", "plain rasa init")}


def rows(results: dict, stack: str, channel: str) -> list[dict]:
    return sorted((r for r in results["load"] if r["stack"] == stack and r["channel"] == channel),
                  key=lambda r: r["visitors"])


def plot(results: dict, path: Path) -> Path:
    channels = results["settings"]["channels"]
    fig, axes = plt.subplots(1, len(channels) + 1, figsize=(5 * (len(channels) + 1), 4.2))
    for ax, channel in zip(axes, channels, strict=False):
        for stack, (color, label) in STYLE.items():
            data = rows(results, stack, channel)
            x = [r["visitors"] for r in data]
            ax.plot(x, [r["p50_ms"] for r in data], "o-", color=color, label=f"{label} p50")
            ax.plot(x, [r["p95_ms"] for r in data], "s--", color=color, label=f"{label} p95")
            ax.plot(x, [r["p99_ms"] for r in data], ":", color=color, alpha=0.6, label=f"{label} p99")
        ax.axhline(P95_GOAL_MS, color="tab:red", lw=0.8, label="p95 goal at 10 visitors")
        ax.set(xscale="log", yscale="log", xlabel="concurrent visitors (no pause between messages)",
               ylabel="latency per message (ms)", title=f"Latency, {channel} channel")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    ax = axes[-1]
    for stack, (color, label) in STYLE.items():
        for channel, marker in zip(channels, "o^", strict=False):
            data = rows(results, stack, channel)
            ax.plot([r["visitors"] for r in data], [r["throughput_mps"] for r in data], marker + "-", color=color,
                    label=f"{label}, {channel}")
    ax.set(xscale="log", xlabel="concurrent visitors", ylabel="messages per second", title="Throughput")
    ax.set_ylim(bottom=0)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    m = results["machine"]
    fig.suptitle(f"Rasa {results['rasa']}, one Rasa process per assistant, {m['nproc']} cores ({m['cpu']}), "
                 f"{results['started'][:10]}", fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def measured_line(results: dict) -> str:
    m = results.get("measured")
    if not m:
        return ""
    dirty = ", ".join(line[3:] for line in m.get("uncommitted", [])) or "none"
    return (f"Measured: commit {m.get('commit')} (uncommitted changes: {dirty}); our model trained "
            f"{m.get('model_trained_at', '?')} with {', '.join(m.get('model_policies', []))}; tracker store "
            f"`{m.get('tracker_store')}`.")


def fmt(value, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def ratio(a, b) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def star(measured_in_this_run) -> str:
    return "" if measured_in_this_run else " *"


def goals(results: dict) -> list[tuple[str, str, bool | None, str]]:
    """(goal, measured, met, gap) for each goal of the issue."""
    out = []
    best = {}
    for channel in results["settings"]["channels"]:
        ours = max((r["throughput_mps"] for r in rows(results, "ours", channel)), default=None)
        base = max((r["throughput_mps"] for r in rows(results, "baseline", channel)), default=None)
        best[channel] = (ours, base)
    ratios = {c: o / b for c, (o, b) in best.items() if o and b}
    worst = min(ratios.values()) if ratios else None
    out.append((
        "Throughput at least that of plain Rasa (best msg/s over the levels, each channel)",
        "; ".join(f"{c}: {fmt(o, 1)} vs {fmt(b, 1)} msg/s ({ratio(o, b)})" for c, (o, b) in best.items()),
        None if worst is None else worst >= 1.0,
        "none" if worst is not None and worst >= 1.0 else (f"{(1 - worst) * 100:.0f}% short" if worst else "n/a"),
    ))
    at10 = [r for r in results["load"] if r["stack"] == "ours" and r["visitors"] == 10]
    paced = [r for r in results.get("paced", []) if r["stack"] == "ours"]
    cases = [(f"{r['channel']}, no pause", r["p95_ms"]) for r in at10]
    cases += [(f"rest, ~{r['think_seconds']:.0f} s pauses", r["p95_ms"]) for r in paced]
    if cases:
        met = [v is not None and v <= P95_GOAL_MS for _, v in cases]
        out.append((
            f"p95 at most {P95_GOAL_MS:.0f} ms at 10 concurrent visitors",
            "; ".join(f"{name}: {fmt(v)} ms" for name, v in cases),
            all(met) if all(met) or not any(met) else None,
            "; ".join(f"{name}: +{v - P95_GOAL_MS:.0f} ms" for name, v in cases if v and v > P95_GOAL_MS) or "none",
        ))
    long = results.get("long_conversation", {}).get("ours")
    if long and long.get("ratio"):
        turn = long["late_turn"]
        out.append((
            f"Latency at turn {turn} within {TURN_RATIO_GOAL}x that at turn 10",
            f"{fmt(long['turn10_ms'])} ms at turn 10, {fmt(long['late_ms'])} ms at turn {turn} ({long['ratio']:.2f}x)",
            long["ratio"] <= TURN_RATIO_GOAL,
            "none" if long["ratio"] <= TURN_RATIO_GOAL else
            f"{long['ratio'] / TURN_RATIO_GOAL:.1f}x over "
            f"({fmt(long['late_ms'] - TURN_RATIO_GOAL * long['turn10_ms'])} ms)",
        ))
    cold = results.get("cold_start", {}).get("ours")
    if cold:
        s = cold["seconds_to_first_answer"]
        out.append((f"Cold start under {COLD_START_GOAL_S:.0f} s", f"{s:.1f} s to the first answer",
                    s < COLD_START_GOAL_S, "none" if s < COLD_START_GOAL_S else f"+{s - COLD_START_GOAL_S:.1f} s"))
    return out


def markdown(results: dict) -> str:
    m, st = results["machine"], results["settings"]
    lines = [
        f"Run of {results['started'].replace('T', ' ')} ({results['duration_seconds']} s), command "
        f"`{results['command']}`, Rasa {results['rasa']}, Python {m['python']}.",
        f"Machine: {m['nproc']} cores (`nproc`), {m['cpu']}, {m['memory_gb']} GB RAM, Linux {m['kernel']}; "
        f"load average {m['load_average_at_start'][0]} at the start (other jobs share this machine: compare "
        "the ratios, not the absolute figures).",
        measured_line(results),
        f"Each load level runs {st['seconds_per_level']:.0f} s per stack and channel, the two stacks interleaved; "
        "visitors send their next message as soon as the answer arrives (no pause), so N visitors keep up to "
        "N messages in flight.",
        "",
        "### Goals",
        "",
        "| goal | measured | met | gap |",
        "|---|---|---|---|",
    ]
    for goal, measured, met, gap in goals(results):
        verdict = "yes" if met else ("no" if met is False else "partly")
        lines.append(f"| {goal} | {measured} | **{verdict}** | {gap} |")
    lines += ["", "### Load: ours against plain `rasa init`", "",
              "| channel | visitors | msg/s ours | msg/s plain | ratio | p50 ours / plain (ms) | "
              "p95 ours / plain (ms) | p99 ours / plain (ms) | p95 ratio | errors ours / plain |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for channel in st["channels"]:
        for o, b in zip(rows(results, "ours", channel), rows(results, "baseline", channel), strict=False):
            lines.append(
                f"| {channel} | {o['visitors']} | {fmt(o['throughput_mps'], 1)} | {fmt(b['throughput_mps'], 1)} | "
                f"{ratio(o['throughput_mps'], b['throughput_mps'])} | {fmt(o['p50_ms'])} / {fmt(b['p50_ms'])} | "
                f"{fmt(o['p95_ms'])} / {fmt(b['p95_ms'])} | {fmt(o['p99_ms'])} / {fmt(b['p99_ms'])} | "
                f"{ratio(o['p95_ms'], b['p95_ms'])} | {o['errors']} / {b['errors']} |")
    paced = {r["stack"]: r for r in results.get("paced", [])}
    if paced:
        o, b = paced.get("ours"), paced.get("baseline")
        think = o["think_seconds"]
        lines += ["", f"Paced: 10 visitors on REST pausing {think * 0.5:.0f}-{think * 1.5:.0f} s "
                  f"between messages: ours {fmt(o['throughput_mps'], 1)} msg/s, p50 {fmt(o['p50_ms'])} ms, "
                  f"p95 {fmt(o['p95_ms'])} ms, p99 {fmt(o['p99_ms'])} ms, {o['errors']} errors; plain "
                  f"{fmt(b['throughput_mps'], 1)} msg/s, p50 {fmt(b['p50_ms'])} ms, p95 {fmt(b['p95_ms'])} ms, "
                  f"p99 {fmt(b['p99_ms'])} ms, {b['errors']} errors (p95 ratio {ratio(o['p95_ms'], b['p95_ms'])})."]
    single = {r["stack"]: r for r in results["load"] if r["visitors"] == 1 and r["channel"] == "rest"}
    if single.get("ours", {}).get("by_kind"):
        lines += ["", "Latency by part of the visitor script, 1 visitor on REST (same texts to both; p50 / p95 ms):",
                  "", "| part | messages (ours) | ours | plain |", "|---|---:|---:|---:|"]
        for kind, o in single["ours"]["by_kind"].items():
            b = single.get("baseline", {}).get("by_kind", {}).get(kind, {})
            lines.append(f"| {kind} | {o['messages']} | {fmt(o['p50_ms'])} / {fmt(o['p95_ms'])} | "
                         f"{fmt(b.get('p50_ms'))} / {fmt(b.get('p95_ms'))} |")
    errors = sorted({e for r in results["load"] for e in r["error_examples"]})
    if errors:
        lines += ["", "Errors seen: " + "; ".join(f"`{e}`" for e in errors[:5])]
    lines += ["", "![Latency against concurrency](performance-latency.png)", "",
              "### One long conversation (REST, one message at a time, median of 10 turns around each point)", "",
              "| | turn 10 (ms) | turn {} (ms) | growth |".format(st["late_turn"]), "|---|---:|---:|---:|"]
    for label, long in results.get("long_conversation", {}).items():
        lines.append(f"| {STYLE[label][1]} | {fmt(long['turn10_ms'])} | {fmt(long['late_ms'])} | "
                     f"{fmt(long['ratio'], 2, 'x')} |")
    cold, train, size = results["cold_start"], results["training"], results["model_bytes"]
    ours_train = train["ours"]
    cpu_ours = cold["ours"].get("cpu_seconds_to_first_answer")
    cpu_base = cold["baseline"].get("cpu_seconds_to_first_answer")
    base_train = train["baseline"]
    lines += ["", "### Start, training, size, memory", "",
              "| | ours | plain `rasa init` | ratio |", "|---|---:|---:|---:|",
              f"| cold start: launch to first answer (s) | {fmt(cold['ours']['seconds_to_first_answer'], 1)} | "
              f"{fmt(cold['baseline']['seconds_to_first_answer'], 1)} | "
              f"{ratio(cold['ours']['seconds_to_first_answer'], cold['baseline']['seconds_to_first_answer'])} |",
              f"| CPU time used until the first answer (s) | {fmt(cpu_ours, 1)} | {fmt(cpu_base, 1)} | "
              f"{ratio(cpu_ours, cpu_base)} |",
              f"| training (s) | {fmt(ours_train.get('seconds'))}{star(ours_train.get('measured_in_this_run'))} | "
              f"{fmt(base_train.get('training_seconds'))}{star(base_train.get('training_measured_in_this_run'))} | "
              f"{ratio(ours_train.get('seconds'), base_train.get('training_seconds'))} |",
              f"| model size (MB) | {fmt(size['ours'] / 1e6, 1)} | {fmt(size['baseline'] / 1e6, 1)} | "
              f"{ratio(size['ours'], size['baseline'])} |"]
    mem = results["memory_peak_mb"]
    ours_rasa, base_rasa = mem.get("ours: Rasa server"), mem.get("baseline: Rasa server")
    lines.append(f"| peak memory, Rasa server (MB) | {fmt(ours_rasa)} | {fmt(base_rasa)} | "
                 f"{ratio(ours_rasa, base_rasa)} |")
    lines.append(f"| peak memory, action server (MB) | {fmt(mem.get('ours: action server'))} | none | |")
    lines.append(f"| peak memory, load generator (MB) | {fmt(mem.get('load generator (this process)'))} (shared) | | |")
    notes = []
    if not ours_train.get("measured_in_this_run"):
        notes.append(f"ours: {ours_train.get('how')}{', ' + ours_train['when'] if ours_train.get('when') else ''}")
    if not base_train.get("training_measured_in_this_run"):
        notes.append(f"plain: {base_train.get('training_how')}")
    if notes:
        lines += ["", "\\* not measured in this run: " + "; ".join(notes) + "."]
    by_phase = results.get("memory_by_phase_mb", {})
    if by_phase:
        names = list(results["memory_peak_mb"])[:-1]
        lines += ["", "Peak resident memory (VmRSS, sampled every 0.5 s) by phase, MB:", "",
                  "| phase | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
        for phase, peaks in by_phase.items():
            lines.append(f"| {phase} | " + " | ".join(fmt(peaks.get(n)) for n in names) + " |")
    profile = results.get("profile")
    if profile:
        lines += ["", "### Where our turn spends its time (in-process profile, bench/profile_turn.py)", ""]
        lines += profile_table(profile)
    return "\n".join(lines)


def profile_table(profile: dict) -> list[str]:
    phases = list(profile["phases"])
    lines = ["| part of a turn | " + " | ".join(f"{p} (ms per turn)" for p in phases) + " |",
             "|---|" + "---:|" * len(phases)]
    names = list(profile["phases"][phases[0]]["parts_ms"])
    for name in names:
        cells = []
        for p in phases:
            part, total = profile["phases"][p]["parts_ms"].get(name), profile["phases"][p]["turn_ms"]
            cells.append(f"{part:.1f} ({part / total * 100:.0f}%)" if part is not None and total else "n/a")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    whole = " | ".join(f"**{profile['phases'][p]['turn_ms']:.1f}**" for p in phases)
    lines.append(f"| **whole turn** | {whole} |")
    top = profile.get("top_functions")
    if top:
        lines += ["", f"Top functions by own time ({profile.get('top_phase')}):", ""]
        lines += [f"- {row}" for row in top[:12]]
    return lines


def update_doc(path: Path, text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    if path.exists() and START in path.read_text():
        content = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, path.read_text(), flags=re.S)
    else:
        content = (path.read_text() + "\n\n" if path.exists() else "# Performance\n\n") + block + "\n"
    path.write_text(content)
