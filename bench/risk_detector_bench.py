#!/usr/bin/env python3
"""Time the risk detector per message: p50 / p95 / p99 / max in microseconds.

    python bench/risk_detector_bench.py [--rounds 200] [--budget-us 1000] [--strict]

The corpus is our own: ordinary clinic questions, look-alikes with alarming words, crisis
messages in many spellings, chatty medium-length messages, and long ones (up to 20,000
characters; the detector reads at most 5,000 of them). Every call is timed on its own, after a
warm-up, and the whole corpus is run `--rounds` times in a shuffled order. Two clocks are read:
wall time (what a visitor waits) and the thread's CPU time (the detector's own cost, unaffected by
other processes taking the CPU on a busy machine). The budget is 1 ms per message at p99 of wall
time; `--strict` makes the exit code 1 when it is exceeded (for CI), otherwise the bench only
reports.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic_assistant.risk import assess  # noqa: E402

ORDINARY = [
    "hi", "hello there", "how much does it cost?", "what are your opening hours", "where is the clinic",
    "do you take insurance?", "can I book a consultation for next week", "what does ketamine feel like",
    "is ketamine addictive", "how many infusions will I need?", "how long does one session take",
    "can my partner come with me", "do I need someone to drive me home", "is it FDA approved for anxiety",
    "what are the side effects", "can I eat before the infusion", "I take sertraline, is that a problem?",
    "what happens at the consultation", "is this chat private", "are you a real person?", "thanks!",
    "ok", "yes please", "no thanks", "can I talk to a human", "/greet", "/book_consult", "/request_human",
    "I've had anxiety for ten years and nothing has worked, could ketamine help me?",
    "how fast does it work", "how long does the relief last", "do you offer the nasal spray",
    "can I pay with my HSA card", "is there a payment plan", "what should I bring to my first visit",
    "I get really nervous around needles, will that be a problem", "what time do you close on Friday",
    "can I reschedule my appointment", "I have high blood pressure, can I still have ketamine?",
    "I'm pregnant, is ketamine safe", "does it help with PTSD", "what is an anxiety disorder",
]
LOOK_ALIKES = [
    "does ketamine kill brain cells", "I'm dying to know the price", "my anxiety is killing me",
    "how do I kill a stuck process", "what is suicide", "the wait is killing me, when can I start",
    "I could kill for a coffee before my appointment", "my phone died, can you resend the link",
    "I cut myself shaving, is that ok before an IV?", "can you shoot me an email with the details",
    "my boss is going to kill me if I'm late", "how long until the effects die down",
    "does ketamine help people with suicidal thoughts?", "I'm not suicidal, just very anxious",
    "can you overdose on ketamine", "I hurt my back at the gym", "i'm dead tired after work",
]
RISK = [
    "i want to kill myself", "k i l l myself", "I've been saving up pills", "everyone would be better off without me",
    "i took a whole bottle of pills", "my partner hits me", "I have chest pain and can't breathe", "kms",
    "i want to diiiiie", "su1c1dal", "i want to end it all tonight", "he threatened to kill me",
    "how many pills would it take", "whats the easiest way to die", "I don't want to be here anymore",
    "my friend collapsed and won't wake up", "i swallowed bleach", "I've been cutting again",
    '/book_consult{"name": "i want to die"}', "i'm not safe at home", "I wrote goodbye letters",
    "sleep and never wake up", "unalive myself", "I'm having a seizure", "i feel like such a burden",
]
PARAGRAPH = (
    "I've struggled with anxiety since college. Some weeks are fine and some weeks I can barely leave the house. "
    "My psychiatrist mentioned ketamine and I read a few articles, but I'm not sure what to believe. "
    "I'd like to know how the first consultation works, whether my insurance pays for any of it, "
    "how long I need to stay after an infusion and whether someone has to drive me home. "
)
STORY = (
    "Last winter was hard. I changed jobs, my dad was in hospital for a while and I stopped sleeping properly. "
    "My therapist and I have worked on breathing exercises and CBT, which helped a bit, but the worry is always "
    "there in the background, and the medication made me feel flat. A friend of mine had ketamine infusions at "
    "another clinic and said it changed a lot for her, so I wanted to ask a few questions before I book. "
)
MEDIUM = [
    PARAGRAPH,
    STORY,
    PARAGRAPH + "Also, do you have evening appointments?",
    STORY + "Honestly some nights I think everyone would be better off without me.",
    "Quick question about the booking form. " + PARAGRAPH,
    STORY + PARAGRAPH,
    "My anxiety is killing me lately. " + STORY,
    STORY + "I have been saving up my sleeping pills just in case.",
]
LONG = [
    PARAGRAPH * 6,
    STORY * 8,
    (PARAGRAPH + STORY) * 6,
    (STORY + PARAGRAPH) * 5 + "Sorry for the long message. I don't want to be here anymore.",
    STORY * 15 + "I'm going to take all my pills tonight.",
    (PARAGRAPH + STORY) * 30,  # 20,000+ characters; only 5,000 are read
    PARAGRAPH * 60 + "my partner hits me and I'm scared to go home",
]
# Rough share of each kind in real traffic: mostly short messages, a few long ones.
CORPUS = ORDINARY * 6 + LOOK_ALIKES * 3 + RISK * 3 + MEDIUM * 3 + LONG


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


def run(rounds: int, seed: int = 7) -> list[tuple[float, float, int]]:
    rng = random.Random(seed)
    for text in CORPUS:  # warm-up: regex caches, word cache
        assess(text)
    timings: list[tuple[float, float, int]] = []
    order = list(CORPUS)
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            rng.shuffle(order)
            for text in order:
                cpu_start, start = cpu_clock(), clock()
                assess(text)
                wall, cpu = clock() - start, cpu_clock() - cpu_start
                timings.append((wall / 1000.0, cpu / 1000.0, len(text)))
    finally:
        if gc_was_enabled:
            gc.enable()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--budget-us", type=float, default=1000.0)
    parser.add_argument("--strict", action="store_true", help="exit 1 when p99 exceeds the budget")
    args = parser.parse_args(argv)

    timings = run(args.rounds)
    print(f"risk detector: {len(CORPUS)} messages x {args.rounds} rounds = {len(timings)} calls")
    for label, column in (("wall time", 0), ("CPU time", 1)):
        values = sorted(t[column] for t in timings)
        p50, p95, p99 = (percentile(values, q) for q in (0.50, 0.95, 0.99))
        print(f"  {label:<9}  p50 {p50:8.1f} us   p95 {p95:8.1f} us   p99 {p99:8.1f} us   max {values[-1]:9.1f} us"
              f"   mean {statistics.fmean(values):8.1f} us")
        if column == 0:
            wall_p99 = p99
    buckets = [(0, 100, "under 100 chars"), (100, 1000, "100-999 chars"), (1000, 5001, "1,000-5,000 chars"),
               (5001, 10**9, "over 5,000 chars")]
    print("  by length (wall time / CPU time):")
    for lo, hi, name in buckets:
        wall = sorted(t[0] for t in timings if lo <= t[2] < hi)
        cpu = sorted(t[1] for t in timings if lo <= t[2] < hi)
        if wall:
            print(f"    {name:<18} n={len(wall):6d}  p50 {percentile(wall, .5):7.1f} / {percentile(cpu, .5):7.1f} us"
                  f"   p99 {percentile(wall, .99):8.1f} / {percentile(cpu, .99):7.1f} us")
    within = wall_p99 <= args.budget_us
    print(f"  budget: wall-time p99 <= {args.budget_us:.0f} us: {'met' if within else 'NOT MET'}")
    return 1 if (args.strict and not within) else 0


if __name__ == "__main__":
    sys.exit(main())
