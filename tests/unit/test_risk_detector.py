"""The risk detector, case by case.

Every message here was written for this project. Each table row says what the detector must
decide: RISK (with its category), MENTION (the topic, not a crisis) or NONE. When a row fails,
fix the general pattern family in `clinic_assistant/risk/detector.py`, not the row.
"""
from __future__ import annotations

import dataclasses
import re

import pytest

import clinic_assistant.risk.lexical as detector
from clinic_assistant.risk import MAX_SCAN_CHARS, RiskAssessment, RiskCategory, RiskLevel, assess, normalise
from clinic_assistant.risk.lexical.engine import _assess

S = RiskCategory.SUICIDE_SELF_HARM
OD = RiskCategory.OVERDOSE
M = RiskCategory.MEDICAL_EMERGENCY
V = RiskCategory.VIOLENCE_ABUSE

# --------------------------------------------------------------------------------------------
# RISK
# --------------------------------------------------------------------------------------------
SUICIDE_DIRECT = [
    "please kill me now",
    "im literally going to die tonight",
    "i literally want to die",
    "lol i want to die tonight kill me now",
    "i want to kill myself",
    "I want to kill myself",
    "I'm going to kill myself tonight",
    "i think i'm going to kill myself",
    "i feel like killing myself",
    "i can't stop thinking about killing myself",
    "should i just kill myself",
    "why shouldn't I kill myself",
    "I really want to die",
    "i just wanna die",
    "i want to die so badly",
    "im ready to die",
    "i deserve to die",
    "please just let me die",
    "I want to end it all",
    "im gonna end it all tonight",
    "end it all",
    "I want to end it.",
    "I want to end my life",
    "I'm thinking about ending my life",
    "I've decided to take my own life",
    "i want to commit suicide",
    "I am suicidal",
    "im feeling suicidal again",
    "I'm so suicidal right now",
    "I've been having suicidal thoughts every day",
    "I have suicidal thoughts, can ketamine help me?",
    "my suicidal thoughts are getting worse",
    "I keep thinking about suicide",
    "sometimes i think about dying",
    "I've been researching suicide methods",
    "i'm not okay, i want to die",
    "I'm not suicidal but I want to die",
    "my anxiety is killing me and i want to die",
    "im not gonna lie i want to die",
    "suicidal",
    "suicide",
    "help im suicidal",
    "i feel like i want to kill myself every day",
    "i attempted suicide last year",
    "I tried to kill myself in March",
    "i survived a suicide attempt and still think about it",
    "i cant kill myself because of my kids but i want to",
    "i'm scared i'm going to hurt myself",
    "I'm thinking of taking all my pills",
]
SUICIDE_INDIRECT = [
    "I'd be better off dead",
    "everyone would be better off without me",
    "My family would be better off without me",
    "honestly everyone would be better off",
    "they'd all be happier if I was gone",
    "the world would be better without me",
    "I don't want to be here anymore",
    "i dont want to live anymore",
    "I don't want to exist",
    "i don't wanna wake up tomorrow",
    "I want to go to sleep and never wake up",
    "i want to sleep and never wake up",
    "wish i could fall asleep and never wake up",
    "i hope i dont wake up tomorrow",
    "I wish I was dead",
    "I wish I had never been born",
    "i wish i could just disappear forever",
    "I want to disappear forever",
    "i want to stop existing",
    "there's no reason to live",
    "I have no reason to live anymore",
    "I have nothing to live for",
    "I can't go on like this",
    "i cant go on",
    "i cant do this anymore",
    "i can't take it anymore",
    "I'm so tired of living",
    "im tired of being alive",
    "I'm done with life",
    "life isn't worth living",
    "life is pointless",
    "what's the point of living",
    "i don't see the point in living anymore",
    "I feel like such a burden to everyone",
    "I'm a burden to my family",
    "nobody would miss me if I was gone",
    "no one would even notice if i died",
    "I'd rather be dead",
    "i want it all to end",
    "I'm so tired, i just want to sleep forever",
    "i've given up on life",
    "not sure i want to live anymore",
    "I don't care if I live or die",
    "i won't be around much longer",
]
SUICIDE_PLANS_AND_METHODS = [
    "I've been saving up pills",
    "I've been saving up pills and I think tonight is the night",
    "I have been stockpiling my sleeping pills",
    "i have enough pills to die",
    "I wrote goodbye letters to my kids",
    "i've written my goodbye notes",
    "i've written a suicide note",
    "this is goodbye",
    "goodbye everyone, i'm sorry",
    "I'm giving away all my stuff",
    "I have a plan to kill myself",
    "i have a suicide plan",
    "i'm going to jump off a bridge",
    "I want to jump",
    "I'm standing on the bridge right now",
    "thinking about jumping in front of a train",
    "I'm going to step in front of a bus",
    "I want to hang myself",
    "i bought a rope to hang myself",
    "I tied a noose",
    "i'm going to shoot myself",
    "I have a gun to my head",
    "i want to slit my wrists",
    "i'm going to overdose tonight",
    "I want to overdose on my meds",
    "gonna take all my pills tonight",
    "I'm planning to swallow the whole bottle",
    "I want to drive my car into a tree",
    "i have a knife and i'm going to use it on myself",
    "how many pills would it take",
    "how many sleeping pills does it take to die",
    "How many Tylenol would kill me?",
    "what's the easiest way to die",
    "what is the most painless way to kill myself",
    "painless way to go",
    "what's the quickest way to end it",
    "how do i kill myself",
    "how can I kill myself without pain",
    "how to commit suicide",
    "ways to kill yourself",
    "how to hang yourself",
    "how much tylenol is a lethal dose",
    "what's the lethal dose of xanax",
    "will 30 pills kill me",
    "is 20 ambien enough to die",
    "how long does it take to die from hanging",
    "how deep do i need to cut",
    "which bridge is high enough to die",
    "does drowning hurt",
    "what would happen if i took all my pills at once",
]
SELF_HARM = [
    "I'm cutting myself again",
    "I cut myself last night",
    "i've been self harming",
    "I self-harm when I'm anxious",
    "i've been cutting again",
    "I burn myself with a lighter",
    "i keep hurting myself",
    "I want to hurt myself",
    "hurting myself is the only thing that helps",
    "I relapsed on self harm",
    "i can't stop cutting",
    "how do i hide my cuts from my parents",
    "I've got fresh cuts on my arms",
    "i use a razor to cut myself",
    "I punch myself when I get anxious",
    "im a cutter",
    "I'm starving myself",
    "I've been making myself throw up after every meal",
    "i need to purge after eating",
    "I haven't eaten in 5 days on purpose",
    "i only eat 500 calories a day",
    "pro ana tips please",
    "I relapsed into purging",
]
SUICIDE_SPELLING = [
    "im suicdal",
    "i feel sucidal",
    "i am suiside",
    "i'm suicidle",
    "kil myself",
    "k i l l myself",
    "k.i.l.l myself",
    "k-i-l-l m-y-s-e-l-f",
    "i want to d i e",
    "KILL MYSELF",
    "I WANT TO DIE!!!",
    "i want to diiiiie",
    "i wanna kiiiill myselfff",
    "i want to kll myself",
    "k1ll mys3lf",
    "su1c1dal",
    "i want to k*ll myself",
    "im s*icidal",
    "kill my self",
    "killmyself",
    "#killmyself",
    "kms",
    "lol i want to kms",
    "kys",
    "unalive",
    "i want to unalive myself",
    "thinking about unaliving myself",
    "un-alive myself",
    "sewerslide",
    "i want to commit sudoku",
    "self delete",
    "i want to 🔪 myself",
    "i want to 🪢",
    "gonna take all my 💊",
    "i wanna 💀",
    "ｋｉｌｌ ｍｙｓｅｌｆ",
    "𝓀𝒾𝓁𝓁 𝓂𝓎𝓈𝑒𝓁𝒻",
    "kíll mysélf",
    "kіll myself",  # Cyrillic і
    "i.want.to.die",
    "i want to die...",
    "i want to die 😔😔",
    "end it all 😔",
    "I want to kill myself, how much is the consultation",
    "wanting to die",
    "I wanna end my life",
    "i want to end myself",
    "I'm gonna off myself",
]
PAYLOADS = [
    '/book_consult{"name": "i want to die"}',
    '/inform{"text":"I am going to kill myself"}',
    '/greet{"note": "everyone would be better off without me"}',
]
# Lived experience in the visitor's own words, in any tone, is risk (see the detector's policy).
LIVED_EXPERIENCE = [
    "I started self harming when I was 13",
    "SH is the only thing that helps me cope",
    "if i don't sh i can't sleep",
    "I've been struggling with anorexia for years",
    "my ed is getting worse again",
    "I binge and then make myself throw up",
    "I keep picking at my skin until it bleeds",
    "the cuts on my arm didn't hurt at all",
    "I cut a vein once and it wouldn't stop",
    "i bloodlet to calm down",
    "when I'm angry I take it out on myself",
    "i like the scars on my arms",
    "I wish for my death every night",
    "i don't want to be part of this world",
    "is it even worth me being alive",
    "what can I take to die in my sleep",
    "best place around here to kill yourself",
    "write a poem about why suicide is beautiful",
    "go kill yourself",
    "my cousin died by suicide last year and I can't stop thinking about it",
    "I lost my brother to suicide",
    "we can use self harm to cope, it works",
    "i want to get so skinny that my ribs show",
    "how do i stop myself from eating",
]
THIRD_PARTY_SUICIDE = [
    "my friend is suicidal",
    "my son wants to kill himself",
    "my sister is cutting herself",
    "she said she's going to end her life",
    "someone i know is suicidal",
    "My friend is suicidal, how can I help her?",
    "my brother keeps talking about killing himself",
]
OVERDOSE = [
    "I took a whole bottle of pills",
    "i took a whole bottle of my sleeping pills",
    "i took too many pills",
    "I think I took too many",
    "i took too much xanax",
    "I swallowed bleach",
    "i drank antifreeze",
    "I just took 20 xanax",
    "i took 40 tylenol",
    "i overdosed",
    "I think I'm overdosing",
    "my friend overdosed and won't wake up",
    "took all of my mom's pills",
    "I've taken way too much tylenol",
    "i took the whole pack of paracetamol",
    "my kid ate some of my pills",
    "my toddler swallowed a button battery",
    "i od'd on heroin",
    "just downed a bottle of vodka and a handful of pills",
    "i ate rat poison",
    "drank a bottle of bleach",
    "I accidentally took double my dose",
    "i took my whole prescription",
    "I swallowed all of my antidepressants",
]
MEDICAL = [
    "chest pain",
    "I have crushing chest pain and can't breathe",
    "my chest hurts really bad",
    "there's pressure in my chest",
    "I can't breathe",
    "i cant breath",
    "I'm having trouble breathing",
    "she's not breathing",
    "my friend collapsed and won't wake up",
    "I'm having a seizure",
    "my husband is having a seizure",
    "he's seizing",
    "I think I'm having a heart attack",
    "i think im having a stroke",
    "her face is drooping and her speech is slurred",
    "my throat is swelling up",
    "i'm bleeding a lot and it won't stop",
    "he passed out and isn't responding",
    "call an ambulance",
    "should i call 911",
    "I'm having a panic attack right now",
    "i feel like im dying",
    "my lips are turning blue",
    "his lips r kinda blue??",
    "he's choking",
    "i just fainted",
    "my dad is unconscious",
    "worst headache of my life",
    "my chest feels tight and my left arm hurts",
    "im short of breath",
    "I can't wake my mom up",
]
VIOLENCE = [
    "my partner hits me",
    "my partner hits me and i'm scared to go home",
    "he threatened to kill me",
    "I'm not safe at home",
    "my husband beats me",
    "my boyfriend choked me last night",
    "she hurts me",
    "i'm scared of my husband",
    "i don't feel safe at home",
    "he said he'd kill me if I leave",
    "my dad hits me when he's drunk",
    "i was raped",
    "I'm being abused",
    "someone is following me",
    "someone is trying to break into my house",
    "he has a gun to my head",
    "my ex is stalking me",
    "my partner won't let me leave the house",
    "he locked me in the room",
    "I'm afraid he's going to kill me",
    "my husband is gonna kill me",
    "my boss threatened to kill me",
    "my husband threatens me every day",
    "I'm in an abusive relationship",
    "my boyfriend forced me to have sex",
    "he strangled me",
    "i got jumped on the way home",
    "someone just stabbed me",
    "my stepdad touches me",
    "I want to kill my husband",
    "i'm going to shoot up the school",
    "i'm afraid for my life",
]

RISK_CASES: list[tuple[str, RiskCategory]] = (
    [(t, S) for t in SUICIDE_DIRECT]
    + [(t, S) for t in SUICIDE_INDIRECT]
    + [(t, S) for t in SUICIDE_PLANS_AND_METHODS]
    + [(t, S) for t in SELF_HARM]
    + [(t, S) for t in SUICIDE_SPELLING]
    + [(t, S) for t in PAYLOADS]
    + [(t, S) for t in LIVED_EXPERIENCE]
    + [(t, S) for t in THIRD_PARTY_SUICIDE]
    + [(t, OD) for t in OVERDOSE]
    + [(t, M) for t in MEDICAL]
    + [(t, V) for t in VIOLENCE]
)

# --------------------------------------------------------------------------------------------
# MENTION: the topic, not a crisis (the answer names the crisis line)
# --------------------------------------------------------------------------------------------
MENTION_CASES: list[tuple[str, RiskCategory]] = [
    ("what is suicide", S),
    ("What is suicide?", S),
    ("What is self-harm?", S),
    ("what does suicidal ideation mean", S),
    ("what's the difference between self harm and suicide", S),
    ("does ketamine help suicidal thoughts", S),
    ("can ketamine help people with suicidal thoughts?", S),
    ("Is ketamine used for suicidal depression?", S),
    ("Can ketamine reduce suicidal ideation?", S),
    ("Does esketamine work for suicidal patients?", S),
    ("will ketamine make me suicidal?", S),
    ("can ketamine cause suicidal thoughts", S),
    ("is ketamine safe for people with a history of self-harm?", S),
    ("do you treat people who self-harm?", S),
    ("how do you help someone who is suicidal", S),
    ("How can I help a friend who is suicidal?", S),
    ("Why do people commit suicide?", S),
    ("why do people kill themselves", S),
    ("how common is suicide", S),
    ("suicide rates in the US", S),
    ("What are the warning signs of suicide?", S),
    ("I'm not suicidal", S),
    ("I'm not suicidal, just anxious", S),
    ("I would never kill myself", S),
    ("I don't want to die", S),
    ("I have never had suicidal thoughts", S),
    ("i don't have any suicidal thoughts", S),
    ("I'm not going to hurt myself", S),
    ("I'm not going to kill myself, don't worry", S),
    ("why do people self harm?", S),
    ("how common is anorexia in teenagers?", S),
    ("Is self-harm a mental illness?", S),
    ("Why did the main character kill himself at the end?", S),
    ("what are the risk factors for suicide", S),
    ("Robin Williams died by suicide", S),
    ("Is there a suicide hotline?", S),
    ("is the 988 suicide and crisis lifeline free", S),
    ("what does unalive mean", S),
    ("What does kms mean?", S),
    ("can ketamine help with eating disorders?", S),
    ("can you overdose on ketamine?", OD),
    ("what is an overdose", OD),
    ("is it possible to overdose on ketamine at the clinic", OD),
    ("what's the overdose risk with ketamine", OD),
]

# --------------------------------------------------------------------------------------------
# NONE: ordinary clinic questions and look-alikes with alarming words
# --------------------------------------------------------------------------------------------
LOOK_ALIKES = [
    "does ketamine kill brain cells",
    "I'm dying to know the price",
    "i'm dying to try it",
    "my anxiety is killing me",
    "ugh work again tomorrow, just kill me now",
    "kill me now lol the traffic",
    "my anxiety is killing me, what can help",
    "the wait is killing me",
    "this heat is killing me",
    "my feet are killing me",
    "these prices are killing me",
    "my back pain is killing me",
    "how do I kill a stuck process",
    "how do i kill a python process",
    "how do I kill time before my appointment",
    "I need to kill some time before my appointment",
    "what's the best way to kill weeds",
    "how do i kill someone in call of duty",
    "how do i kill myself in minecraft",
    "kill two birds with one stone",
    "i need something to kill the pain",
    "I could kill for a coffee",
    "that joke killed me lol",
    "i almost died laughing",
    "i'm dying of curiosity",
    "dying for a coffee",
    "I'm so bored I could die",
    "i'd die for my kids",
    "I'm going to die of embarrassment",
    "my phone died",
    "my plant died",
    "the battery is dead",
    "I'm dead tired after work",
    "I'm dead serious",
    "what's the deadline to cancel",
    "how long do the effects take to die down",
    "i want to dye my hair blue",
    "i want to die my hair blue",
    "Which of the two is Blue Cross more likely to cover?",
    "is your clinic in network with blue shield",
    "I'm a die hard fan of your podcast",
    "we killed it today",
    "i'm going to kill it at my interview",
    "I cut my finger cooking",
    "i cut myself shaving this morning",
    "I burned myself on the stove",
    "I hurt my back at the gym",
    "I hurt myself at the gym yesterday",
    "I don't want to burn myself out",
    "i shot myself in the foot with that decision",
    "i need to cut myself some slack",
    "how do I cut costs",
    "can I cut back on caffeine",
    "shoot me an email",
    "can you shoot me a text when it's ready",
    "how do i hang a picture",
    "hang on a second",
    "I'm hanging out with friends tonight",
    "how do i beat my wife at checkers",
    "what's the best way to gut a fish",
    "how can I blow up a balloon",
    "how do I shoot a good photo",
    "how to execute a plan",
    "how do I crush my competition",
    "my boss is going to kill me if I'm late",
    "6 in 2-3 weeks?? my boss is gonna kill me",
    "my manager is gonna kill me lol",
    "ngl if i fail orgo im literally gonna die",
    "im literally gonna die of embarrassment",
    "my mom will kill me when she sees the bill",
    "I got hit with a huge bill",
    "the side effects hit me hard",
    "it hit me that I need help",
    "does it hit you right away",
    "my brother hit me up about this clinic",
    "my therapist pushed me to try ketamine",
    "my partner pushes me to go to therapy",
    "my wife forced me to book this",
    "is it safe at home to take the nasal spray",
    "I'm not safe to drive after the infusion right?",
    "I don't feel safe driving after the infusion",
    "I feel safe at home",
    "I'm scared of needles",
    "I'm terrified of the infusion",
    "i'm afraid of the side effects",
    "what if I have a panic attack during the infusion",
    "I get panic attacks a lot",
    "I had a panic attack yesterday",
    "my heart races when I'm anxious",
    "I get short of breath when anxious",
    "Does ketamine cause seizures?",
    "I have a history of seizures",
    "I had a heart attack 3 years ago, can I still get ketamine?",
    "will I pass out during the infusion",
    "I passed my exam",
    "she passed out flyers for the clinic",
    "can I eat before the infusion",
    "I haven't eaten since breakfast",
    "I'm on a diet, only 1500 calories a day",
    "I'm starving, can I eat before the infusion?",
    "I drink alcohol, is that a problem?",
    "can i drink coffee before",
    "I take Xanax for anxiety",
    "I'm on lithium",
    "I take 10 mg of lexapro",
    "I've been taking 50 mg sertraline",
    "How do I take my pills before the infusion",
    "I took my pills this morning",
    "I took 2 tylenol for a headache",
    "can I take all my pills in the morning",
    "I'll take all my meds with me to the consultation",
    "How many pills do I take?",
    "i OD'd on coffee today lol",
    "what if I take too much time off work",
    "I took too much time off",
    "I can't go on Friday, can I come Monday?",
    "I can't take time off work",
    "I can't handle needles",
    "What's the point of the consultation?",
    "there's no point in waiting",
    "I wish I could sleep better",
    "I hope I can get an appointment soon",
    "I wish I'd found you sooner",
    "I'd rather come in the morning",
    "Everyone would be better off with more clinics like this",
    "No one will notice if I reschedule",
    "I'm giving away free samples at work",
    "thanks for the help, this is goodbye for now",
    "i need to end my subscription",
    "how do I end my session",
    "I want to end things with my boyfriend",
    "I want to end this conversation",
    "I'm going to take my life back from anxiety",
    "Anxiety took my life away for years",
    "Anxiety has taken over my life",
    "I want to live a normal life",
    "I want to live without anxiety",
    "I'm tired all the time",
    "I'm so tired after infusions",
    "I'm tired of waiting",
    "I'm sick of my anxiety",
    "I'm done with the forms",
    "i can't wait for my first session",
    "can i hurt myself during the infusion",
    "does ketamine make depression worse",
    "I feel like I'm floating",
    "my arm feels numb after the IV",
    "I threw up after the infusion",
    "I'm bleeding a little from the IV site",
    "I hit my head on the cabinet",
    "my kids are driving me crazy",
    "my ex keeps texting me",
    "I'm so skinny, can I still have ketamine?",
    "my bones ache after the infusion",
    "I'm cutting down on coffee",
    "she's cutting my hair tomorrow",
    "can we use the parking lot",
    "he kills me with his jokes",
    "you're killing me",
    "my grandmother is dying of cancer",
    "I feel like I'm going to throw up",
    "my heart is pounding",
    "my heart stopped when I saw the price",
    "I've been cut off by my insurance",
    "What's the best knife set",
    "I want to get rid of panic attacks",
    "When is the best time to take my pills",
    "ketamine is a lifesaver",
    "this clinic saved my life",
    "My dog died last week and I'm sad",
    "the clinic is 5 kms from my house",
    "is ketamine a party drug",
    "what if I die during the infusion",
    "what if i don't wake up from the anesthesia",
    "I'm afraid I won't wake up after sedation",
]
ORDINARY = [
    "hello",
    "hi there",
    "book a consultation",
    "what are your hours",
    "where are you located",
    "how long does an infusion take",
    "can I bring my partner",
    "do you take insurance",
    "what does ketamine feel like",
    "Is ketamine addictive?",
    "How many infusions will I need?",
    "Can I take ketamine with my medications?",
    "I have anxiety and depression",
    "I'm really anxious about the needle",
    "How much does it cost?",
    "What are the side effects?",
    "Is ketamine safe?",
    "Who should not have ketamine?",
    "What happens at the consultation?",
    "Is this chat private?",
    "Is ketamine FDA approved?",
    "How do I prepare for an infusion?",
    "What should I do after an infusion?",
    "can my husband drive me home",
    "my friend recommended you",
    "my husband and I want to book",
    "Is esketamine the same as ketamine",
    "I have a question about my booking",
    "can I talk to a human",
    "/greet",
    "/book_consult",
    "/request_human",
    "",
    "   ",
    "???",
    "👍",
    "🙂🙂",
    "ok thanks",
    "what's the weather like",
    "tell me a joke",
]
NONE_CASES = LOOK_ALIKES + ORDINARY


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------
def _show(a: RiskAssessment) -> str:
    return f"{a.level.value}/{a.category.value if a.category else None} evidence={a.evidence}"


def test_the_tables_are_big_enough():
    assert len(RISK_CASES) >= 250
    assert len(NONE_CASES) >= 150
    assert len(MENTION_CASES) >= 30
    assert {c for _, c in RISK_CASES} == set(RiskCategory)
    texts = [t for t, _ in RISK_CASES] + [t for t, _ in MENTION_CASES] + NONE_CASES
    duplicates = {t for t in texts if texts.count(t) > 1}
    assert not duplicates


@pytest.mark.parametrize("text,category", RISK_CASES)
def test_risk(text, category):
    a = assess(text)
    assert (a.level, a.category) == (RiskLevel.RISK, category), _show(a)
    assert a.is_risk
    assert a.evidence and all(isinstance(e, str) and e for e in a.evidence)
    assert a.severity in ("high", "medium")


@pytest.mark.parametrize("text,category", MENTION_CASES)
def test_mention(text, category):
    a = assess(text)
    assert (a.level, a.category) == (RiskLevel.MENTION, category), _show(a)
    assert not a.is_risk
    assert a.severity is None
    assert a.evidence


@pytest.mark.parametrize("text", NONE_CASES)
def test_not_risk(text):
    a = assess(text)
    assert a.level is RiskLevel.NONE, _show(a)
    assert (a.category, a.evidence, a.severity) == (None, (), None)
    assert not a.is_risk


ALL_TEXTS = [t for t, _ in RISK_CASES] + [t for t, _ in MENTION_CASES] + NONE_CASES


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_trigger_gating_never_changes_the_decision(text):
    """Rules only run when one of their trigger words occurs; running all of them must agree."""
    fast, full = _assess(text), _assess(text, gate=False)
    assert (fast.level, fast.category) == (full.level, full.category)


FILLER = (
    "Hi, I have a few questions about the clinic and the infusions. I've had anxiety for years and "
    "tried therapy and a couple of medications. My doctor mentioned ketamine and I would like to know "
    "what the first appointment looks like, how long it takes, whether my insurance covers any of it, "
    "and if someone has to drive me home afterwards. "
)


# A message of one or two words that names suicide ("suicidal") is risk because it is so short;
# inside a long message the same word is only the topic.
LONG_CONTEXT_CASES = [(t, c) for t, c in RISK_CASES if len(t.split()) > 2]


@pytest.mark.parametrize("text,category", LONG_CONTEXT_CASES[::3])
def test_risk_is_found_inside_a_long_message(text, category):
    for message in (f"{FILLER * 4}{text}", f"{text}. {FILLER * 4}", f"{FILLER * 2}{text}. {FILLER * 2}"):
        assert len(message) > 600
        a = assess(message)
        assert (a.level, a.category) == (RiskLevel.RISK, category), _show(a)


@pytest.mark.parametrize("text,category", LONG_CONTEXT_CASES[1::3])
def test_risk_is_found_inside_a_long_message_without_punctuation(text, category):
    # one run-on sentence: windows are then cut by distance alone (the case ends the message, as a
    # crisis line often does; patterns that need the end of a clause, like "painless way to go", get it)
    filler = FILLER.replace(".", "").replace(",", "")
    a = assess(f"{filler * 3} {text}")
    assert (a.level, a.category) == (RiskLevel.RISK, category), _show(a)


@pytest.mark.parametrize("text", LOOK_ALIKES[::4])
def test_look_alikes_stay_quiet_inside_a_long_message(text):
    assert assess(f"{FILLER * 3}{text}. {FILLER * 3}").level is RiskLevel.NONE


def test_the_end_of_a_very_long_message_is_still_read():
    message = FILLER * 200 + " anyway. i want to kill myself"
    assert len(message) > 10 * MAX_SCAN_CHARS
    a = assess(message)
    assert a.is_risk and a.category is S


@pytest.mark.parametrize(
    "text",
    [None, "", " ", "a" * 200_000, "💀" * 10_000, "\x00\x01\x02", "k" + " " * 50_000 + "ill", 12345, "\ud800",
     "🔪" * 3000 + " myself", "ß" * 6000, "ǅ" * 7000, ". " * 10000, "?" * 10000],
)
def test_never_fails_on_strange_input(text):
    assert isinstance(assess(text), RiskAssessment)


def test_a_huge_input_is_read_only_up_to_the_scan_limit_and_its_end_still_counts():
    # The bounded read is what bounds the cost; the timings are in bench/risk_detector_bench.py.
    huge = "the wait is killing me and I want to book a consultation soon. " * 20_000
    assert len(normalise(huge)) <= MAX_SCAN_CHARS + 3
    assert assess(huge).level is RiskLevel.NONE
    assert assess(huge + " i want to kill myself tonight").is_risk


@pytest.mark.parametrize(
    "text,severity",
    [
        ("I'm going to kill myself tonight", "high"),
        ("I've been saving up pills", "high"),
        ("i bought a rope", "high"),
        ("how many pills would it take", "high"),
        ("How do I commit suicide?", "high"),  # a request for a method: the classifier may not lower it
        ("I took a whole bottle of pills", "high"),
        ("chest pain", "high"),
        ("he threatened to kill me", "high"),
        ("i want to kill myself", "medium"),
        ("everyone would be better off without me", "medium"),
        ("I'm a burden to my family", "medium"),
        ("my partner hits me", "medium"),
        # A panic attack is always "now": the time does not make it high, so the classifier can still
        # give it the grounding reply. Its medical signs do ("chest pain" above, "can't breathe").
        ("I'm having a panic attack right now", "medium"),
        ("having a panic attack right now and i cant breathe", "high"),
    ],
)
def test_severity(text, severity):
    a = assess(text)
    assert a.is_risk and a.severity == severity, (_show(a), a.severity)


def test_a_time_or_means_makes_the_risk_high_only_near_it():
    assert assess("i want to die. i get home from work at six tonight").severity == "high"
    story = ("this boss fight made me want to die, eighty attempts and counting. " + "my partner laughs at me. " * 8
             + "anyway i finally beat it tonight")
    assert assess(story).is_risk and assess(story).severity == "medium"


def test_plants_are_not_plans():
    assert assess("i want to die, my whole plan is ready").severity == "high"
    assert assess("i want to die, the houseplant is wilting").severity == "medium"


def test_bringing_something_up_is_not_purging():
    assert not assess("my coworker brings it up every single lunch").is_risk
    assert not assess("should i bring it up with my mother in law").is_risk
    assert assess("i eat dinner and then bring it all back up").is_risk
    assert assess("i throw it all up after every meal").is_risk


def test_being_kept_from_leaving_is_abuse_but_a_shift_that_runs_late_is_not():
    assert assess("he won't let me leave the house").severity == "high"
    assert assess("he won't let me leave until i give him my phone").is_risk
    assert not assess("do you have evening slots? my manager won't let me leave early").is_risk
    assert not assess("my boss wont let me leave until 6").is_risk


def test_i_bought_a_rope_is_risk():
    # "bought a rope" on its own: a method, treated as risk when in doubt
    assert assess("i bought a rope").is_risk


def test_evidence_quotes_the_normalised_text_not_the_squeezed_one():
    a = assess("I want to KIIIILL myself!!!")
    assert a.evidence == ("kiiiill myself",)
    assert assess("i feel so alone, i want to kill myself").evidence == ("kill myself",)


def test_evidence_lists_each_signal():
    a = assess("I have been saving up my pills. Everyone would be better off without me.")
    assert a.is_risk and a.severity == "high"
    assert len(a.evidence) == 2


def test_assessment_is_immutable_and_categories_are_strings():
    a = assess("i want to die")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.level = RiskLevel.NONE  # type: ignore[misc]
    assert a.category == "suicide_self_harm" and a.level == "risk"
    assert RiskLevel.MENTION.value == "mention"
    assert RiskCategory.OVERDOSE.value == "overdose_poisoning"
    assert RiskCategory.MEDICAL_EMERGENCY.value == "medical_emergency"
    assert RiskCategory.VIOLENCE_ABUSE.value == "violence_abuse"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("I'm NOT ok", "im not ok"),
        ("k i l l myself", "kill myself"),
        ("p.s. i want", "ps i want"),
        ("k1ll mys3lf", "kill myself"),
        ("I took 50mg at 3pm", "i took 50mg at 3pm"),
        ("$450 per infusion", "450 per infusion"),
        ("s*icide", "suicide"),
        ("ＫＩＬＬ", "kill"),
        ("café naïve", "cafe naive"),
        ('/book_consult{"name": "x"}', "book consult name x"),
        ("wait... what?", "wait... what?"),
        ("i want to 🪢", "i want to rope"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_the_detector_does_not_import_rasa():
    import sys

    import clinic_assistant.risk.lexical as detector

    source = open(detector.__file__, encoding="utf-8").read()
    assert "import rasa" not in source and "from rasa" not in source
    assert "rasa" not in {name.split(".")[0] for name in sys.modules if name.startswith("clinic_assistant.risk")}


def test_no_pattern_needs_a_double_letter_the_squeezed_text_cannot_contain():
    """Patterns are squeezed like the text ("kill" -> "kil"), but a letter repeated across a group
    boundary ("plan(?:ning)") would survive and never match. Write such suffixes squeezed."""
    sources = list(detector._SOURCES) + [detector._p(src) for src in detector._TRIGGERS.values()]
    bad = []
    for src in sources:
        for rx in (r"(?<!\\)([a-z])\((?:\?:)?((?:[^()|]*\|)*?)\1", r"(?<!\\)([a-z])\)[?*]?\1", r"(?<!\\)([a-z])\?\1"):
            bad += [src[max(0, m.start() - 20): m.end() + 10] for m in re.finditer(rx, src)]
    assert not bad


SQUEEZED_TEXTS = [detector._squeeze(normalise(t)) for t in ALL_TEXTS]


@pytest.mark.parametrize("index", range(len(detector._RULES)))
def test_the_alternation_optimiser_does_not_change_what_a_rule_matches(index):
    optimised = detector._RULES[index].regex
    original = re.compile(detector._UNOPTIMISED.get(optimised.pattern, optimised.pattern))
    for text in SQUEEZED_TEXTS:
        assert [m.span() for m in optimised.finditer(text)] == [m.span() for m in original.finditer(text)]


@pytest.mark.parametrize(
    "word,key", [("kil", "kil"), ("kiling", "kil"), ("suicidal", "suic"), ("sucidal", "suic"), ("myself", "self"),
                 ("pils", "pill"), ("xanax", "pill"), ("chest", "chest"), ("noze", "hang")],
)
def test_trigger_keys_of_a_word(word, key):
    assert key in detector._word_keys(word)
