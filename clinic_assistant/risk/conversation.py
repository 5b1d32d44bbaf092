"""What the assistant does next, given the risk of this message and of the conversation so far.

Plain Python over plain data, so every rule of the policy is a unit test. `plan_reply` returns
the actions to run for the visitor's latest message, or None when the ordinary dialogue
(rules, stories) should answer. The policy, in order:

1. Spanish: risk gets the crisis reply in Spanish; any other Spanish message a short Spanish
   note that the assistant answers in English, with the clinic's phone and the Spanish line.
2. Risk, or lower signals that add up over the last turns (hopelessness, then burden, then
   "not existing"), or a joke about dying taken back ("i kind of meant it"), gets the crisis
   reply for its situation the first time. A second risk message gets a direct "Are you safe
   right now?"; "I'm not safe" gets 911 first and alerts staff again; "I'm safe" is
   acknowledged with a way back.
3. "Please don't give me a helpline number" is answered with respect, and still leaves a way
   to reach a person.
4. Distress, grief and panic get their own warm reply (988 "for any emotional distress", the
   offer of a person); a person is asked to join only if the visitor accepts.
5. After a crisis, a message that is danger only in the light of what came before ("I thought I
   might join him on our anniversary next week" after saving up pills, "I can hear the water
   running, what do I do" about a daughter locked in) gets the crisis reply for the situation
   again (or "are you safe right now?"), not an "I may not have understood". A request for a way
   to reach someone ("is there a number I can text instead?") gets the numbers again; a question
   about reaching a person ("should i call her??") a yes with the way to help; after an overdose
   or an emergency, signs of the body ("his lips r kinda blue??") 911 again.
6. Once a conversation has shown risk or distress, a message the assistant did not understand
   gets a short acknowledgement with the way to help, never "outside what I can help with" or
   the fallback buttons: after a crisis the brief crisis reply (911 first, 988, a person), since
   "the door is closed" may be the danger going on; after distress the line for any distress.
   FAQ questions are still answered by the ordinary dialogue.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

HANDLE_CRISIS = "action_handle_crisis"
REQUEST_HUMAN = "action_request_human"
DEACTIVATE_LOOP = "action_deactivate_loop"

CRISIS_REPLY = {
    "suicide": "utter_crisis_resources",
    "self_harm": "utter_crisis_resources",
    "overdose": "utter_crisis_overdose",
    "medical": "utter_crisis_medical",
    "abuse": "utter_crisis_abuse",
    "third_party": "utter_crisis_third_party",
}
VETERAN_REPLY = "utter_crisis_veteran"
OFFER_STAFF = "utter_crisis_offer_staff"
ASK_SAFE = "utter_ask_are_you_safe"
NOT_SAFE = "utter_not_safe"
SAFE_NOW = "utter_safe_now"
CRISIS_ES = "utter_crisis_es"
SPANISH_NOTE = "utter_spanish_notice"
DISTRESS_REPLY = {"distress": "utter_distress", "grief": "utter_grief", "panic": "utter_panic"}
DISTRESS_AGAIN = "utter_distress_again"
NO_HOTLINE = "utter_no_hotline"
FOLLOW_UP = "utter_safety_followup"
STILL_HERE = "utter_crisis_still_here"
REACH_OUT = "utter_reach_out"
EMERGENCY_SIGNS = "utter_emergency_signs"
EMERGENCY_TRAVEL = "utter_emergency_travel"
SOMEONE_FAR_AWAY = "utter_someone_far_away"
SAFETY_CLOSE = "utter_safety_close"
DECLINED = "utter_crisis_declined_staff"
SYMPTOM_MENTION = "utter_symptom_mention"

CRISIS_ACTIONS = frozenset({*CRISIS_REPLY.values(), ASK_SAFE, NOT_SAFE, CRISIS_ES, STILL_HERE, REACH_OUT,
                            EMERGENCY_SIGNS, EMERGENCY_TRAVEL, SOMEONE_FAR_AWAY})
DISTRESS_ACTIONS = frozenset({*DISTRESS_REPLY.values(), DISTRESS_AGAIN})
ALARM_ACTIONS = CRISIS_ACTIONS | DISTRESS_ACTIONS | {FOLLOW_UP, NO_HOTLINE, SAFE_NOW}
OFFERS_PERSON = DISTRESS_ACTIONS | {OFFER_STAFF, FOLLOW_UP, STILL_HERE, NO_HOTLINE, SAFE_NOW}

# After an alarm these still go to the ordinary dialogue; anything else the assistant is not sure
# of (out of scope, the fallback, a greeting, "are you even real", a vague FAQ match) gets the
# short acknowledgement with the way to help.
ORDINARY_AFTER_ALARM = frozenset({
    "request_human", "book_consult", "check_booking", "confirm_booking", "change_booking", "cancel_booking",
    "reschedule_booking", "delete_data", "ask_eligibility",
})
FAQ_CONFIDENCE_AFTER_ALARM = 0.8
# After a crisis the bar is lower: "i already picked the day" means more after "i want to die".
AFTER_CRISIS_RISK = 0.15
AFTER_ALARM_HELP = 0.3
# Lower signals that add up: the semantic risk probability of the last ESCALATION_TURNS messages.
ESCALATION_TURNS = 3
ESCALATION_SUM = 0.9
# Or this many distress messages in a row whose risk probability adds up to ESCALATION_DISTRESS_SUM.
ESCALATION_DISTRESS_RUN = 3
ESCALATION_DISTRESS_SUM = 0.45
# How far back a joke about dying may be when the visitor says they meant it.
JOKE_TURNS = 3

_NOT_SAFE = re.compile(
    r"\b(?:not|n t|nt|dont feel|don t feel|never) (?:feeling |feel |really |very )?safe\b|\bunsafe\b|"
    r"\b(?:dont|don t|do not) know if (?:im|i m|i am|i ll be|ill be) safe\b|"
    r"\bnot sure (?:if |that )?(?:im|i m|i am) safe\b"
)
_SAFE = re.compile(
    r"^(?:yes|yeah|yep|ya|i am|im|i m)?\s*(?:i am |im |i m |i feel |feeling )?(?:safe|ok|okay|fine|alright)\b"
)
_NO_HOTLINE = re.compile(
    r"\b(?:dont|don t|do not|stop|quit|no more|not another|without|please no|enough with|not) "
    r"(?:\w+ ){0,3}?(?:hotlines?|helplines?|crisis lines?|numbers?|988|lifeline|call centers?)\b|"
    r"\b(?:dont|don t|do not) want to (?:call|text) (?:anyone|a hotline|a helpline|988|a number|them)\b"
)
# Read only after a crisis, where they mean that the danger goes on even when the message alone
# carries no risk (the classifier reads each message alone, and the previous turn's risk outweighs
# anything in a window of turns read together: docs/safety.md): a time or occasion, reuniting
# with someone who died, something not done yet, a secret kept, the visitor's own body giving
# signs after pills (not a question about side effects), a plea for what to do, understanding
# those who died by suicide.
_WHEN = re.compile(
    r"\b(?:tonight|tomorrow|this weekend|next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|on (?:our|my|his|her|their) (?:anniversary|birthday)|when (?:everyone|they|he|she|the kids) "
    r"(?:is |are |s |re )?(?:asleep|gone|out|leaves?|at work))\b"
)
# ...unless the time is for a visit ("anything next week?" is a step back towards care).
_ABOUT_A_VISIT = re.compile(
    r"\b(?:do you have|are you open|any (?:slots?|openings?|times?|appointments?)|available|availability|book|"
    r"schedule|appointments?|consult(?:ation)?s?|session|come in)\b"
)
_ABOUT_THE_CLINIC = re.compile(
    _ABOUT_A_VISIT.pattern + r"|\b(?:cost|price|how much|pay|insurance|cover(?:ed)?|hours|hrs|open|infusions?|"
    r"ketamine|spravato|treatment|clinic|doctor|nurse|slots?|superbill|refund)\b"
)
# A statement about the visitor's own condition or care ("my anxiety has been rough since my third
# was born") is the clinic's topic, whatever the conversation went through before.
_ABOUT_CARE = re.compile(
    r"\b(?:anxi\w*|depress\w*|panic attacks?|ptsd|ocd|meds?|medications?|ssris?|therap\w*|psychiatrist|"
    r"diagnos\w*|prescri\w*)\b"
)
# "ok", "idk", "thanks": a reply to what was said, not news.
_JUST_AN_ANSWER = re.compile(
    r"^(?:(?:ok|okay|k|kk|sure|alright|fine|got it|thanks|thank you|thx|ty|yes|yeah|yep|no|nope|idk|whatever|"
    r"sorry|cool|right|hmm+|mhm|i guess|i know)\s*)+$"
)
_FAREWELL = re.compile(
    r"\b(?:bye|goodbye|good bye|byee*|cya|see (?:you|ya)|later|good ?night|night night|take care|"
    r"(?:have|got|gotta|need) to go|gotta go|going to go|gonna go|signing off|log(?:ging)? off|"
    r"thanks?|thank you|thx|ty)\b"
)
_ASKS_SOMETHING = re.compile(
    r"\?|^\s*(?:what|whats|how|when|where|which|who|why|do|does|did|can|could|is|are|will|would|should|may|any)\b",
    re.IGNORECASE,
)
_DANGER_GOES_ON = re.compile(
    r"\b(?:join|be with|see) (?:him|her|them) (?:again|soon|there)\b|\bjoin (?:him|her|them)\b|"
    r"\b(?:havent|haven t|have not|didnt|didn t|did not) (?:done|do|did|taken|take|used) (?:anything|it|them) yet\b|"
    r"\b(?:wife|husband|partner|mom|mum|dad|parents|family|kids|children) (?:doesnt|doesn t|does not|dont|don t|"
    r"do not|will never|would never) know\b|\b(?:nobody|no one|noone) (?:knows|will know|would know)\b|"
    r"\b(?:im|i m|i am|i feel|i keep|i ve been|ive been|i just) (?:\w+ ){0,2}?(?:sleepy|drowsy|dizzy|throwing up|"
    r"vomiting|passing out)\b|\bi (?:cant|can t) (?:keep my eyes open|feel my)\b|"
    r"\bwhat (?:do|should|can) i do\b|\b(?:dont|don t|do not) know what (?:else )?to do\b|"
    r"\b(?:please|pls|plz) help\b|\bhelp me (?:please|pls|plz)\b|^help(?: me)?$|\bam i dying\b|"
    # understanding those who died by suicide ("sometimes i think i get why they did it")
    r"\b(?:get|understand|see) why (?:they|he|she|people|someone) (?:did|do|would do) it\b|"
    r"\b(?:had|has|have) the right idea\b"
)
# After an alarm, a visitor asking for a way to reach someone gets the numbers again.
_ASKS_FOR_A_LINE = re.compile(
    r"\b(?:numbers?|hotlines?|helplines?|crisis lines?|veterans? line|the line|988|lifeline|text (?:someone|somebody|"
    r"anyone|a person|instead)|texting instead|online chat|chat with (?:someone|a person)|"
    r"someone (?:i can|to) (?:talk|text|call)|get help|(?:call|ring) (?:the )?police)\b"
)
# After an alarm, a question about reaching a person ("should i call her??", "My wife's asleep. I could
# wake her, I suppose?", "who would I even call at this hour?", "what do I say to him") is the visitor
# deciding whether to get help: it gets a yes and the way to help, not "I may not have understood".
_REACHING_SOMEONE = re.compile(
    r"\b(?:should|shall|do|can|could|must|would) i (?:\w+ ){0,2}?(?:call|ring|phone|telephone|text|message|tell|"
    r"wake|go (?:over|there|round|to)|check on|reach out)\b|"
    r"\bi (?:could|should|might|can) (?:\w+ ){0,2}?(?:call|ring|phone|text|tell|wake) (?:her|him|them|my|someone)\b|"
    r"\bwhat (?:do|should|ought|can|would) i (?:\w+ ){0,2}?(?:say|tell|text|write)\b|"
    r"\bwho (?:would|should|do|can|could) i (?:\w+ ){0,2}?(?:call|ring|talk to|tell|text)\b|"
    r"\bwhat (?:do|can|should) (?:people|you|someone|others) (?:\w+ )?do (?:with|about|when|for)\b|"
    r"\bwhat if (?:she|he|they) (?:gets?|is|are|will be|would be) (?:\w+ )?(?:mad|angry|upset|furious)\b|"
    r"\bon (?:his|her|their) behalf\b|\bsupport groups?\b"
)
# Signs of the body after an overdose or a medical emergency, whoever they are about ("his lips r
# kinda blue??", "he's getting really sleepy, is that just nap time??", "I threw up two times now",
# "how long till it wears off"): the emergency going on, even when the NLU reads a side-effect
# question. After any other crisis they are questions about side effects.
_EMERGENCY_SIGNS = re.compile(
    r"\b(?:sleepy|drowsy|dizzy|woozy|confused|slurr\w*|throw(?:ing)? up|threw up|thrown up|vomit\w*|puk(?:e|ed|ing)|"
    r"pass(?:ed|ing)? out|faint\w*|seiz\w+|shaking|twitch\w*|numb\w*|tingl\w*|blue(?! (?:cross|shield))|pale|cold|"
    r"clammy|breath\w*|"
    r"(?:wont|won t|cant|can t|not) wak\w+|unresponsive|not responding|heart|chest|sweat\w*|foam\w*|"
    r"gurgl\w*|snor\w+|spinning|turning around|wears? off|wearing off|kicks? in)\b"
)
# Getting to a hospital during that emergency ("Should I just drive myself?", "can i take him to
# the ER in an uber"): the NLU reads the clinic's questions about driving after an infusion.
_GETTING_THERE = re.compile(
    r"\b(?:drives?|driving|drove|uber|lyft|taxi|cab|ride|bus|walk)\b|"
    r"\b(?:take|bring|get) (?:him|her|them|me|myself|my \w+) (?:to|in)\b|"
    r"\b(?:go|get|going|head|run) (?:to|over to|into) (?:the |a )?(?:er|e r|hospital|emergency|a e|urgent care)\b"
)
# After a crisis about someone else, the visitor cannot get to them ("i know her address but im 2
# hours away", "he lives in another state"): emergency services can go where they are.
_FAR_AWAY = re.compile(
    r"\b(?:\w+ hours? away|(?:live|lives|living|am|is|im|i m) (?:so |really |too )?far|far away|another state|"
    r"(?:another|a different|other) (?:city|town|country)|(?:cant|can t|cannot|couldn t|couldnt) (?:\w+ )?"
    r"(?:get|go|drive|be) (?:to|there|over)|not (?:near|nearby|close by)|(?:his|her|their) (?:address|place|"
    r"apartment|house)|where (?:she|he|they) (?:live|lives|is|are))\b"
)
# ... unless the distance is to the clinic ("i live far away, do you do video visits").
_ABOUT_COMING_IN = re.compile(_ABOUT_A_VISIT.pattern + r"|\b(?:clinic|office|parking|telehealth|video|virtual)\b")
# Another person named in a crisis message (`_about_someone_else`).
_SOMEONE_ELSE = re.compile(r"\b(?:she|he|they|her|him|them|shes|hes|theyre)\b")
# After an alarm, the visitor says in so many words that it is not about suicide ("to be clear im not
# suicidal or anything. just empty", "no im not thinking of hurting myself. i just miss her"): what
# is left is the distress, and it gets the distress reply, not "I may not have understood".
_DENIES_IDEATION = re.compile(
    r"\b(?:not|never|nt|no) (?:\w+ ){0,2}?(?:suicidal|thinking (?:of|about) (?:hurting|killing|harming|ending) "
    r"(?:myself|it)|going to (?:hurt|kill|harm) myself|planning (?:to|on) (?:hurt|kill|harm)\w* myself)\b|"
    r"\b(?:i )?(?:dont|don t|do not) (?:want|wanna|plan) (?:to )?(?:die|be dead|kill myself|hurt myself|end it)\b"
)
# "i kind of meant it" right after "kill me now lol": the joke taken back is the disclosure.
_JOKE_TAKEN_BACK = re.compile(
    r"\b(?:(?:i )?(?:kind of |kinda |sort of |really |actually )?meant it|(?:i )?mean it|(?:wasnt|wasn t|was not|"
    r"im not|i m not|not) (?:really |totally |entirely )?(?:joking|kidding)|(?:only |just )?half joking|"
    r"(?:im|i m|i am) (?:being )?serious)\b"
)
_DEATH_WORDS = re.compile(r"\b(?:kill (?:me|myself)|kms|(?:want|wanted|wanna) (?:to )?die|end it all|unalive)\b")
_WORDS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Turn:
    """One visitor message of the session and what the assistant did after it."""

    risk: dict
    intent: str
    actions: tuple[str, ...] = ()
    text: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Plan:
    actions: tuple[str, ...]
    listen_after: bool = True  # False: the ordinary dialogue continues after the last action


def _plain(text: str) -> str:
    return " ".join(_WORDS.split((text or "").lower().replace("'", " ")))


def plan_reply(history: Sequence[Turn], current: Turn, form_active: bool) -> Plan | None:
    risk = current.risk or {}
    level = risk.get("level") or ("risk" if current.intent == "crisis" else "none")
    if current.intent in ("not_safe", "safe_now"):
        level = "none"  # button answers to "are you safe?" are decided below
    before = [a for turn in history for a in turn.actions]
    crisis_before = any(a in CRISIS_ACTIONS for a in before)
    alarm_before = any(a in ALARM_ACTIONS for a in before)
    last_actions = history[-1].actions if history else ()
    text = _plain(current.text)
    asks_for_a_line = _ASKS_FOR_A_LINE.search(text) is not None
    stop_form = (DEACTIVATE_LOOP,) if form_active else ()

    if risk.get("language") == "es":
        if level == "risk":
            return Plan((*stop_form, CRISIS_ES, HANDLE_CRISIS))
        return Plan((SPANISH_NOTE,))

    if ASK_SAFE in last_actions:
        if current.intent in ("not_safe", "deny") or _NOT_SAFE.search(text):
            return Plan((*stop_form, NOT_SAFE, HANDLE_CRISIS))
        if current.intent in ("safe_now", "affirm") or (
            level != "risk" and _SAFE.search(text) and not asks_for_a_line
        ):
            return Plan((SAFE_NOW,))
    if current.intent == "not_safe" or (crisis_before and _NOT_SAFE.search(text)):
        return Plan((*stop_form, NOT_SAFE, HANDLE_CRISIS))
    if current.intent == "safe_now":
        return Plan((SAFE_NOW,))

    if _NO_HOTLINE.search(text) and level != "risk":
        return Plan((NO_HOTLINE,))

    joke_taken_back = bool(_JOKE_TAKEN_BACK.search(text)) and any(
        _DEATH_WORDS.search(_plain(turn.text)) for turn in history[-JOKE_TURNS:]
    )
    escalated = level in ("distress", "mention", "none") and (
        escalates(history, current) or joke_taken_back
        or (crisis_before and float(risk.get("p_risk") or 0.0) >= AFTER_CRISIS_RISK)
    )
    recent = [a for turn in history[-2:] for a in turn.actions]
    if escalated and crisis_before and ASK_SAFE in recent:
        escalated = False  # asked a moment ago: answer the distress instead of asking again
    if alarm_before and level != "risk" and _DENIES_IDEATION.search(text):
        return Plan((DISTRESS_AGAIN,))  # the rules' hit on the denied words is the topic, not a crisis
    if level == "risk" or escalated:
        if NOT_SAFE in before:
            return Plan((*stop_form, NOT_SAFE, HANDLE_CRISIS))
        situation = risk.get("situation") if level == "risk" else "suicide"
        reply = CRISIS_REPLY.get(situation or "suicide", CRISIS_REPLY["suicide"])
        if crisis_before and reply in before or crisis_before and reply == CRISIS_REPLY["suicide"]:
            return Plan((*stop_form, ASK_SAFE, HANDLE_CRISIS))
        if crisis_before:  # a new kind of danger (pills taken, someone hurting them): its own help first
            return Plan((*stop_form, reply, HANDLE_CRISIS))
        veteran = (VETERAN_REPLY,) if risk.get("veteran") and reply == CRISIS_REPLY["suicide"] else ()
        return Plan((*stop_form, reply, *veteran, OFFER_STAFF, HANDLE_CRISIS))

    if level == "distress":
        situation = risk.get("situation") or "distress"
        if situation != "grief" and _still_in_crisis(history) and _about_someone_else(history):
            # Distress during someone else's danger ("I hear him crying", a grandson locked in with
            # a knife) is that danger going on: 911 first, not the reply for one's own distress.
            return Plan((STILL_HERE,))
        if situation == "distress" and any(a in DISTRESS_ACTIONS for a in recent):
            return Plan((DISTRESS_AGAIN,))
        return Plan((DISTRESS_REPLY.get(situation, DISTRESS_REPLY["distress"]),))

    if level == "mention" and risk.get("situation") == "symptom":
        return Plan((SYMPTOM_MENTION,))  # the rules' "topic" answer is about suicidal thoughts

    # Words about the crisis still going on, even over a confident reading of an ordinary request.
    crisis_may_go_on = crisis_before and current.intent not in ORDINARY_AFTER_ALARM
    if crisis_may_go_on and _EMERGENCY_SIGNS.search(text) and _emergency_going_on(history):
        return Plan((*stop_form, EMERGENCY_SIGNS, HANDLE_CRISIS))
    if crisis_may_go_on and _GETTING_THERE.search(text) and _emergency_going_on(history):
        return Plan((*stop_form, EMERGENCY_TRAVEL))  # no new staff alert: the emergency raised one
    if crisis_may_go_on and _FAR_AWAY.search(text) and not _ABOUT_COMING_IN.search(text) and (
        _about_someone_else(history)
    ):
        return Plan((SOMEONE_FAR_AWAY,))  # no new staff alert: the crisis raised one
    # Eligibility is the NLU's usual misreading of these ("Who would I even call at this hour?": 0.90).
    reaching_someone = _REACHING_SOMEONE.search(text) and not _ABOUT_THE_CLINIC.search(text) and (
        current.intent == "ask_eligibility" or not _clear_request(current)
    )
    if alarm_before and reaching_someone and not asks_for_a_line:
        return _reach_out(history, crisis_before)
    # "Is there a way to text someone instead of calling?" reads to the NLU as a request for a
    # person, whose reply has no crisis line: after a crisis the words decide.
    line_over_person = asks_for_a_line and current.intent == "request_human"
    if crisis_before and (line_over_person or not _clear_request(current)) and (
        asks_for_a_line or _DANGER_GOES_ON.search(text) or (_WHEN.search(text) and not _ABOUT_A_VISIT.search(text))
    ):
        return _crisis_goes_on(history, recent, asks_for_a_line, stop_form)
    # During a crisis, a statement with some of the risk signal ("If the first infusion doesn't work
    # there's no point waiting", 0.25, after a plan, a date and letters) is the crisis going on, even
    # over a sure reading of its words about the treatment as an FAQ question; a question is answered.
    if (
        _still_in_crisis(history) and float(risk.get("p_risk") or 0.0) >= AFTER_CRISIS_RISK
        and current.intent not in ORDINARY_AFTER_ALARM and not _ASKS_SOMETHING.search(current.text or "")
    ):
        return _crisis_goes_on(history, recent, asks_for_a_line, stop_form)
    # A remark about the line ("I didn't know 988 was for stuff like this") reads to the NLU as
    # eligibility; a question about eligibility would ask.
    remark_read_as_eligibility = current.intent == "ask_eligibility" and "?" not in current.text
    if alarm_before and asks_for_a_line and (remark_read_as_eligibility or not _clear_request(current)):
        return Plan((DISTRESS_AGAIN,))  # names the line, for any emotional distress

    if alarm_before:
        if level == "none" and float(risk.get("p_help") or 0.0) >= AFTER_ALARM_HELP and not _clear_request(current):
            # Still struggling, in words the classifier is less sure of; a clear question with some
            # distress in it ("ive tried lexapro and it made me numb") still gets its answer.
            return Plan((DISTRESS_AGAIN,))
        return _after_alarm(current, text, last_actions, form_active, _still_in_crisis(history))
    return None


def _crisis_goes_on(
    history: Sequence[Turn], recent: Sequence[str], asks_for_a_line: bool, stop_form: tuple[str, ...]
) -> Plan:
    """The help for the conversation's last crisis again: "are you safe right now?" when the danger
    is the visitor's own and it was not just asked, otherwise the situation's numbers (911 first
    for pills and emergencies, what to do for someone else). A request for a line adds the veterans'
    line when the visitor said they served."""
    reply = _last_crisis_reply(history) or CRISIS_REPLY["suicide"]
    if asks_for_a_line and any((turn.risk or {}).get("veteran") for turn in history):
        return Plan((*stop_form, reply, VETERAN_REPLY, HANDLE_CRISIS))
    if reply == CRISIS_REPLY["suicide"] and ASK_SAFE not in recent and not asks_for_a_line:
        return Plan((*stop_form, ASK_SAFE, HANDLE_CRISIS))
    return Plan((*stop_form, reply, HANDLE_CRISIS))


def _reach_out(history: Sequence[Turn], crisis_before: bool) -> Plan:
    """A yes to reaching a person, with the way to help: after an overdose, a medical emergency or
    abuse that situation's help again (911 first, texting when talking is not safe); after distress
    the line for any emotional distress. No new staff alert: nothing new is at stake."""
    if not crisis_before:
        return Plan((DISTRESS_AGAIN,))
    reply = _last_crisis_reply(history)
    if reply in (CRISIS_REPLY["overdose"], CRISIS_REPLY["medical"], CRISIS_REPLY["abuse"]):
        return Plan((reply,))
    return Plan((REACH_OUT,))


def _last_crisis_reply(history: Sequence[Turn]) -> str | None:
    """The situation's crisis reply the conversation was given last, if any."""
    given = [a for turn in history for a in turn.actions if a in CRISIS_REPLY.values()]
    return given[-1] if given else None


def _emergency_going_on(history: Sequence[Turn]) -> bool:
    """The conversation's last crisis was an overdose or a medical emergency, and the ordinary
    dialogue has not answered anything since."""
    return _going_on(history, {CRISIS_REPLY["overdose"], CRISIS_REPLY["medical"], EMERGENCY_SIGNS, EMERGENCY_TRAVEL})


def _about_someone_else(history: Sequence[Turn]) -> bool:
    """The crisis going on is someone else's: it got the reply for someone else, or an overdose or
    emergency was told about another person ("my friend just texted me that she took a bunch of
    pills" gets the overdose reply)."""
    if _going_on(history, {CRISIS_REPLY["third_party"], SOMEONE_FAR_AWAY}):
        return True
    emergency = {CRISIS_REPLY["overdose"], CRISIS_REPLY["medical"]}
    return any(
        emergency.intersection(turn.actions) and _SOMEONE_ELSE.search(_plain(turn.text))
        for turn in _since_last_answer(history)
    )


def _going_on(history: Sequence[Turn], replies: set[str]) -> bool:
    """One of these replies was given since the ordinary dialogue last answered something."""
    return any(a in replies for turn in _since_last_answer(history) for a in turn.actions)


def _clear_request(current: Turn) -> bool:
    """A booking, a request for a person, or a question about the treatment the NLU is sure of: the
    ordinary dialogue answers it even after an alarm."""
    return current.intent in ORDINARY_AFTER_ALARM or (
        current.intent == "faq" and current.confidence >= FAQ_CONFIDENCE_AFTER_ALARM
    )


def _after_alarm(
    current: Turn, text: str, last_actions: Sequence[str], form_active: bool, in_crisis: bool
) -> Plan | None:
    """A message in a conversation that has shown risk or distress, with nothing alarming in it.

    After a crisis, a statement that is not about the clinic gets the way to help in brief
    (`STILL_HERE`): words like "the door is closed" or "he gets back at 5" are the danger going on,
    and only the turns before say so (on the development conversations the classifier gave such
    messages p_risk 0 to 0.3, as it gave "ok i texted them"). A question it did not understand
    ("do you have weekend slots") gets the acknowledgement, and so does everything after a crisis
    raised only by the classifier's less sure reading (where false alarms come from) or once the
    visitor has gone back to ordinary questions."""
    offered_person = any(a in OFFERS_PERSON for a in last_actions)
    if current.intent == "affirm" and offered_person:
        return Plan((REQUEST_HUMAN,), listen_after=False)  # the handoff rules take it from there
    if current.intent == "deny" and offered_person:
        return Plan((DECLINED,))
    if current.intent in ("goodbye", "thanks") and (not in_crisis or _FAREWELL.search(text)):
        # During a crisis only words of leave-taking close ("I'm out here now, actually" is not one).
        return Plan((SAFETY_CLOSE,))
    statement = not (
        _ASKS_SOMETHING.search(current.text or "") or _ABOUT_THE_CLINIC.search(text) or _JUST_AN_ANSWER.match(text)
    )
    if in_crisis and statement and current.intent == "faq" and not _ABOUT_CARE.search(text):
        # A sure FAQ reading of a statement during a crisis ("i feel sick waiting" read as side
        # effects, "ok I stay in home now" as a question about the route) answers nothing asked.
        return Plan((STILL_HERE,))
    if _clear_request(current) or (current.intent == "stop" and form_active):
        return None  # "forget it" outside a form is not leaving anything: it gets the acknowledgement
    return Plan((STILL_HERE,) if in_crisis and statement else (FOLLOW_UP,))


def _still_in_crisis(history: Sequence[Turn]) -> bool:
    """A crisis reply since the ordinary dialogue last answered (a visitor back to booking has
    stepped back) was not for a less sure semantic-only reading ("hes kicking the door", read
    low, after "im locked in the bathroom", read high, is the same danger)."""
    return any(
        any(a in CRISIS_ACTIONS for a in turn.actions)
        and not ((turn.risk or {}).get("level") == "risk" and (turn.risk or {}).get("severity") == "low")
        for turn in _since_last_answer(history)
    )


def _since_last_answer(history: Sequence[Turn]) -> Iterator[Turn]:
    """The turns since the ordinary dialogue last answered something, newest first."""
    for turn in reversed(history):
        if turn.actions and not any(a in ALARM_ACTIONS for a in turn.actions):
            return
        yield turn


def escalates(history: Sequence[Turn], current: Turn) -> bool:
    """Whether lower signals over the last few messages add up to risk."""
    turns = [*history[-(ESCALATION_TURNS - 1):], current] if ESCALATION_TURNS > 1 else [current]
    p = [float((t.risk or {}).get("p_risk") or 0.0) for t in turns]
    if (current.risk or {}).get("level") not in ("distress",) and p[-1] < 0.2:
        return False  # the newest message must carry some of the signal itself
    if sum(p) >= ESCALATION_SUM:
        return True
    run = [*history[-(ESCALATION_DISTRESS_RUN - 1):], current]
    return (
        len(run) == ESCALATION_DISTRESS_RUN
        and all((t.risk or {}).get("level") == "distress" for t in run)
        and all((t.risk or {}).get("situation") == "distress" for t in run)
        and sum(float((t.risk or {}).get("p_risk") or 0.0) for t in run) >= ESCALATION_DISTRESS_SUM
    )
