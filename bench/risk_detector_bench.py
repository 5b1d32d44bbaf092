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

The adversarial section then times inputs of 4,000 characters built to be slow: leetspeak runs
("a1a1..."), one long word, long runs of a letter, censor stars, spaced and dotted letters, dots,
zero-width characters, emoji (each becomes a word, so the text the rules read grows up to five
times), look-alike letters from other scripts, risk and intent words packed together, repeated
crises, idioms, negations. Each kind is run `--adversarial-rounds` times; the bench prints the
slowest kinds (median and max wall time, median CPU time) and the worst one against
`--adversarial-budget-ms` (15 ms: any message up to 4,000 characters).
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


def _fill(unit: str, size: int = 4000) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def adversarial_inputs(size: int = 4000) -> dict[str, str]:
    """Kinds of input that once made a step quadratic, or that load one step of the detector most."""
    rng = random.Random(3)
    emoji = ("\U0001F480\u2620\u26B0\U0001F52A\U0001FA92\U0001FAA2"
             "\U0001F48A\U0001F489\U0001F52B\U0001FA78\U0001F309\U0001F691")
    risk_words = ("kill die suicide suicidal myself pills end life rope jump cut hurt overdose chest breath hit safe "
                  "scared bridge gun knife bleed seizure collapsed burden better worth reason tired done give "
                  "disappear stop sleep care plan stash take poison od lethal binge vomit hang harm abuse").split()
    intent_words = ("will can wish want thinking might would could have got considering has feel im plan should "
                    "need going wanna about trying i am").split()
    crisis = " i want to kill myself"
    kinds = {
        "leetspeak run (a1a1...)": _fill("a1", size),
        "leetspeak word (k1lk1l...)": _fill("k1l", size),
        "leetspeak ! and |": _fill("a!|", size),
        "leetspeak, then a crisis": _fill("a1", size - len(crisis)) + crisis,
        "one 4,000-letter word": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size)),
        "one 4,000-character leet word": "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz0134579@$!|") for _ in range(size)),
        "one repeated letter (aaaa...)": "a" * size,
        "letters, then one censor star": "a" * (size - 1) + "*",
        "censored words (k*ll)": _fill("k*ll ", size),
        "censored phrase (k*ll mys*lf)": _fill("k*ll mys*lf ", size),
        "spaced letters (k i l l)": _fill("k i l l ", size),
        "spaced phrase (k i l l m y s e l f)": _fill("k i l l m y s e l f ", size),
        "dotted letters (k.i.l.l.)": _fill("k.i.l.l.", size),
        "dots": "." * size,
        "letter, then dots": "a" + "." * (size - 1),
        "zero-width characters": "\u200b" * size,
        "zero-width inside words": _fill("k\u200bi\u200bl\u200bl m\u200by\u200bs\u200be\u200bl\u200bf ", size),
        "emoji (pills, rope, skull)": _fill("\U0001F48A\U0001FAA2\U0001F480", size),
        "one emoji repeated (rope)": "\U0001FAA2" * size,
        "one emoji repeated (ambulance)": "\U0001F691" * size,
        "two emoji alternating (rope, gun)": _fill("\U0001FAA2\U0001F52B", size),
        "random method emoji": "".join(rng.choice(emoji) for _ in range(size)),
        "emoji, then a crisis": "\U0001FAA2" * (size - len(crisis)) + crisis,
        "look-alike letters (Cyrillic)": _fill("кіll mуsеlf ", size),
        "other scripts": _fill("привет мир 你好世界 ", size),
        "full-width letters": _fill("ＫＩＬＬ ", size),
        "combining accents": "e" + "\u0301" * (size - 1),
        "risk words packed": " ".join(rng.choice(risk_words) for _ in range(size // 4))[:size],
        "risk and intent words packed": " ".join(
            rng.choice(risk_words + intent_words) for _ in range(size // 4))[:size],
        "risk and intent words, short sentences": ". ".join(
            " ".join(rng.choice(risk_words + intent_words) for _ in range(6)) for _ in range(size // 30))[:size],
        "repeated crisis (i want to die.)": _fill("i want to die. ", size),
        "repeated crisis (kill myself)": _fill("kill myself ", size),
        "repeated negation": _fill("i dont want to kill myself ", size),
        "repeated idiom (killing me)": _fill("my anxiety is killing me ", size),
        "repeated idiom (dying to know)": _fill("dying to know ", size),
        "repeated grief (my brother committed suicide)": _fill("my brother committed suicide ", size),
        "repeated topic question": _fill("does ketamine help suicidal thoughts ", size),
        "repeated overdose question": _fill("how many pills would it take to die ", size),
        "repeated abuse (my partner hits me)": _fill("my partner hits me ", size),
        "short sentences (noose died.)": _fill("noose died. ", size),
        "one-letter words (i i i)": _fill("i ", size),
        "ordinary text": _fill(PARAGRAPH + STORY, size),
        "Rasa payload": _fill('/book_consult{"name": "i want to die"} ', size),
    }
    return kinds


def run_adversarial(rounds: int) -> list[tuple[str, float, float, float, int]]:
    """Per kind: (kind, median wall ms, max wall ms, median CPU ms, length), slowest first."""
    rows = []
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for kind, text in adversarial_inputs().items():
        assess(text)  # warm-up
        walls, cpus = [], []
        gc.disable()
        try:
            for _ in range(rounds):
                cpu_start, start = cpu_clock(), clock()
                assess(text)
                walls.append((clock() - start) / 1e6)
                cpus.append((cpu_clock() - cpu_start) / 1e6)
        finally:
            gc.enable()
        rows.append((kind, statistics.median(walls), max(walls), statistics.median(cpus), len(text)))
    rows.sort(key=lambda row: -row[1])
    return rows


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
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is exceeded")
    parser.add_argument("--adversarial-rounds", type=int, default=7, help="calls per adversarial kind (0: skip)")
    parser.add_argument("--adversarial-budget-ms", type=float, default=15.0)
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

    if args.adversarial_rounds > 0:
        rows = run_adversarial(args.adversarial_rounds)
        print(f"adversarial inputs: {len(rows)} kinds x {args.adversarial_rounds} rounds, up to 4,000 characters each;"
              " slowest first (median / max wall, median CPU):")
        for kind, median, worst, cpu, length in rows[:8]:
            print(f"    {kind:<46} {median:7.2f} / {worst:7.2f} ms   CPU {cpu:7.2f} ms   ({length} chars)")
        kind, median, worst, cpu, _ = rows[0]
        adversarial_within = median <= args.adversarial_budget_ms
        print(f"  worst case: {kind}: {median:.2f} ms median wall ({worst:.2f} ms max, {cpu:.2f} ms CPU);"
              f" budget {args.adversarial_budget_ms:.0f} ms: {'met' if adversarial_within else 'NOT MET'}")
        within = within and adversarial_within
    return 1 if (args.strict and not within) else 0


if __name__ == "__main__":
    sys.exit(main())
