"""The conversation-level safety policy (clinic_assistant/risk/conversation.py), turn by turn."""
from __future__ import annotations

import pytest

from clinic_assistant.risk.conversation import Turn, escalates, plan_reply

CRISIS = ("utter_crisis_resources", "utter_crisis_offer_staff", "action_handle_crisis")
ASKED_IF_SAFE = ("utter_ask_are_you_safe", "action_handle_crisis")


def risk(level="none", situation="none", p_risk=0.0, language="en", veteran=False):
    return {"level": level, "situation": situation, "p_risk": p_risk, "language": language, "veteran": veteran}


def turn(level="none", situation="none", intent="faq", actions=(), text="", p_risk=0.0, language="en", **kw):
    return Turn(risk(level, situation, p_risk, language, **kw), intent, tuple(actions), text, 0.95)


def plan(history, current, form_active=False):
    result = plan_reply(history, current, form_active)
    return result.actions if result else None


@pytest.mark.parametrize(
    ("situation", "first_reply"),
    [
        ("suicide", "utter_crisis_resources"),
        ("self_harm", "utter_crisis_resources"),
        ("overdose", "utter_crisis_overdose"),
        ("medical", "utter_crisis_medical"),
        ("abuse", "utter_crisis_abuse"),
        ("third_party", "utter_crisis_third_party"),
    ],
)
def test_a_first_risk_message_gets_the_crisis_reply_for_its_situation(situation, first_reply):
    actions = plan([], turn("risk", situation, "crisis"))
    assert actions == (first_reply, "utter_crisis_offer_staff", "action_handle_crisis")


def test_a_veteran_also_gets_the_veterans_line():
    actions = plan([], turn("risk", "suicide", "crisis", veteran=True))
    assert actions[:2] == ("utter_crisis_resources", "utter_crisis_veteran")


def test_a_crisis_in_a_form_leaves_the_form_first():
    assert plan([], turn("risk", "suicide", "crisis"), form_active=True)[0] == "action_deactivate_loop"


def test_a_second_risk_message_asks_are_you_safe_and_not_safe_gets_the_emergency_number_first():
    first = turn("risk", "suicide", "crisis", CRISIS)
    second = turn("risk", "suicide", "crisis", ASKED_IF_SAFE)
    assert plan([first], turn("risk", "suicide", "crisis")) == ("utter_ask_are_you_safe", "action_handle_crisis")
    assert plan([first, second], turn(intent="deny", text="no")) == ("utter_not_safe", "action_handle_crisis")
    assert plan([first, second], turn(intent="out_of_scope", text="i'm not safe")) == (
        "utter_not_safe", "action_handle_crisis")
    assert plan([first, second], turn(intent="affirm", text="yes i'm safe")) == ("utter_safe_now",)


def test_the_not_safe_button_works_at_any_time():
    assert plan([], turn(intent="not_safe")) == ("utter_not_safe", "action_handle_crisis")


def test_lower_signals_that_add_up_escalate_to_a_crisis():
    history = [turn("distress", "distress", "distress", ("utter_distress",), p_risk=0.3),
               turn("distress", "distress", "distress", ("utter_distress_again",), p_risk=0.35)]
    current = turn("distress", "distress", "distress", p_risk=0.3)
    assert escalates(history, current)
    assert plan(history, current) == CRISIS


def test_one_distress_message_is_not_a_crisis_and_gets_a_warm_reply():
    assert plan([], turn("distress", "distress", "distress", p_risk=0.3)) == ("utter_distress",)
    assert plan([], turn("distress", "grief", "distress", p_risk=0.1)) == ("utter_grief",)
    assert plan([], turn("distress", "panic", "distress", p_risk=0.1)) == ("utter_panic",)


def test_ordinary_messages_never_add_up_to_a_crisis():
    history = [turn(p_risk=0.05) for _ in range(5)]
    assert plan(history, turn(p_risk=0.05)) is None


def test_after_a_crisis_a_message_not_understood_gets_the_brief_crisis_reply():
    first = turn("risk", "suicide", "crisis", CRISIS)
    for intent in ("out_of_scope", "nlu_fallback", "greet", "bot_challenge", "risk_mention"):
        assert plan([first], turn(intent=intent, text="i'm sitting in the car")) == ("utter_crisis_still_here",)


def test_after_a_crisis_faq_questions_and_bookings_are_still_answered():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="faq", text="how much is it")) is None
    assert plan([first], turn(intent="book_consult", text="can i book")) is None


def test_during_a_crisis_a_statement_the_nlu_reads_as_a_faq_gets_the_brief_crisis_reply():
    first = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "action_handle_crisis"))
    assert plan([first], turn(intent="faq", text="i feel sick waiting")) == ("utter_crisis_still_here",)
    assert plan([first], turn(intent="faq", text="ok I stay in home now")) == ("utter_crisis_still_here",)
    # Questions, and statements about the treatment, still get their answer.
    assert plan([first], turn(intent="faq", text="is nausea normal after ketamine")) is None
    assert plan([first], turn(intent="faq", text="my infusion is next week")) is None
    assert plan([first], turn(intent="faq", text="my anxiety has been rough since my third was born")) is None


def test_after_distress_a_question_with_some_distress_in_it_still_gets_its_answer():
    first = turn("distress", "distress", "distress", ("utter_distress",))
    question = Turn({**risk(), "p_help": 0.35}, "faq", (), "ive tried lexapro and it made me super numb", 0.9)
    vague = Turn({**risk(), "p_help": 0.35}, "out_of_scope", (), "its just a lot lately", 0.9)
    assert plan([first], question) is None
    assert plan([first], vague) == ("utter_distress_again",)


def test_accepting_the_offer_of_a_person_after_distress_asks_for_one():
    result = plan_reply([turn("distress", "distress", "distress", ("utter_distress",))], turn(intent="affirm"), False)
    assert result.actions == ("action_request_human",) and not result.listen_after


def test_please_no_helpline_numbers_is_respected():
    first = turn("risk", "suicide", "crisis", CRISIS)
    current = turn(intent="out_of_scope", text="please don't give me a helpline number, I've called them before")
    assert plan([first], current) == ("utter_no_hotline",)


def test_spanish_risk_gets_the_spanish_crisis_reply_and_other_spanish_a_short_note():
    assert plan([], turn("risk", "suicide", "crisis", language="es")) == ("utter_crisis_es", "action_handle_crisis")
    assert plan([], turn(intent="faq", language="es", text="cuanto cuesta")) == ("utter_spanish_notice",)


def test_a_symptom_asked_about_gets_the_symptom_answer_not_the_suicide_topic_one():
    assert plan([], turn("mention", "symptom", "risk_mention")) == ("utter_symptom_mention",)
    assert plan([], turn("mention", "topic", "risk_mention")) is None  # the rules answer the topic


def test_an_ordinary_conversation_is_left_to_the_ordinary_dialogue():
    assert plan([turn(actions=("utter_faq",))], turn(intent="faq")) is None


def test_after_a_crisis_a_weaker_signal_is_enough_to_check_on_the_visitor():
    first = turn("risk", "suicide", "crisis", CRISIS)
    current = turn(intent="out_of_scope", text="i already picked the day", p_risk=0.2)
    assert plan([first], current) == ("utter_ask_are_you_safe", "action_handle_crisis")


def test_not_knowing_whether_one_is_safe_counts_as_not_safe():
    first = turn("risk", "suicide", "crisis", CRISIS)
    asked = turn("risk", "suicide", "crisis", ASKED_IF_SAFE)
    assert plan([first, asked], turn(intent="safe_now", text="i dont know if im safe")) == (
        "utter_not_safe", "action_handle_crisis")


def test_a_new_kind_of_danger_after_a_crisis_gets_its_own_help_first():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn("risk", "overdose", "crisis")) == ("utter_crisis_overdose", "action_handle_crisis")


def test_forget_it_after_an_alarm_gets_the_acknowledgement_not_a_form_exit():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="stop", text="forget it")) == ("utter_crisis_still_here",)
    assert plan([first], turn(intent="stop", text="forget it"), form_active=True) is None


@pytest.mark.parametrize(
    "text",
    [
        "i was going to wait until my birthday on saturday. maybe tonight instead",
        "i just want to be with her again",
        "i haven't taken them yet",
        "my husband doesn't know about any of this",
        "everything is spinning and i feel so drowsy",
        "what should i do",
    ],
)
def test_after_a_crisis_words_that_mean_the_danger_goes_on_check_on_the_visitor(text):
    # Alone each reads as ordinary to the classifier (p_risk 0); after "i want to die" they are not.
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text=text)) == ("utter_ask_are_you_safe", "action_handle_crisis")


def test_after_a_crisis_understanding_those_who_died_by_suicide_checks_on_the_visitor():
    first = turn("risk", "suicide", "crisis", CRISIS)
    for text in ("sometimes i think i get why they did it", "maybe he had the right idea"):
        assert plan([first], turn(intent="out_of_scope", text=text)) == ASKED_IF_SAFE


def test_after_are_you_safe_was_just_asked_the_danger_going_on_gets_the_numbers_again():
    first = turn("risk", "suicide", "crisis", CRISIS)
    asked = turn("risk", "suicide", "crisis", ASKED_IF_SAFE)
    current = turn(intent="out_of_scope", text="nobody knows i have them")
    assert plan([first, asked], current) == ("utter_crisis_resources", "action_handle_crisis")


def test_after_an_overdose_or_for_someone_else_the_danger_going_on_gets_that_situations_help():
    overdose = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "utter_crisis_offer_staff",
                                                   "action_handle_crisis"))
    assert plan([overdose], turn(intent="out_of_scope", text="i havent taken them yet")) == (
        "utter_crisis_overdose", "action_handle_crisis")
    friend = turn("risk", "third_party", "crisis", ("utter_crisis_third_party", "utter_crisis_offer_staff",
                                                    "action_handle_crisis"))
    assert plan([friend], turn(intent="out_of_scope", text="he wont open the door, what do i do")) == (
        "utter_crisis_third_party", "action_handle_crisis")


def test_after_a_crisis_asking_for_a_line_gets_the_numbers_and_a_veteran_the_veterans_line():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text="can i text someone instead of calling")) == (
        "utter_crisis_resources", "action_handle_crisis")
    served = turn("risk", "suicide", "crisis", CRISIS, veteran=True)
    assert plan([served], turn(intent="out_of_scope", text="what was that number again")) == (
        "utter_crisis_resources", "utter_crisis_veteran", "action_handle_crisis")


def test_after_a_crisis_asking_to_text_instead_gets_the_numbers_even_when_read_as_a_request_for_a_person():
    first = turn("risk", "suicide", "crisis", CRISIS)
    text_instead = turn(intent="request_human", text="is there a way to text someone instead of calling")
    assert plan([first], text_instead) == ("utter_crisis_resources", "action_handle_crisis")
    # A plain request for a person is still the handoff's.
    assert plan([first], turn(intent="request_human", text="can i talk to a real person")) is None


def test_during_a_crisis_only_words_of_leave_taking_close_the_conversation():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="goodbye", text="I'm out here now, actually.")) == ("utter_crisis_still_here",)
    for text in ("ok bye", "thank you, i'll call them", "gotta go"):
        assert plan([first], turn(intent="goodbye", text=text)) == ("utter_safety_close",)
    distress = turn("distress", "distress", "distress", ("utter_distress",))
    assert plan([distress], turn(intent="goodbye", text="ok")) == ("utter_safety_close",)


def test_during_a_crisis_a_statement_with_some_risk_gets_the_numbers_again_over_a_sure_faq_reading():
    first = turn("risk", "suicide", "crisis", CRISIS, p_risk=0.99)
    asked = turn("risk", "suicide", "crisis", ASKED_IF_SAFE, p_risk=0.97)
    no_point = turn(intent="faq", text="If the first infusion doesn't work there's no point waiting.", p_risk=0.25)
    assert plan([first, asked], no_point) == ("utter_crisis_resources", "action_handle_crisis")
    # A question about the treatment is still answered, and so is a statement without the signal.
    question = turn(intent="faq", text="how many infusions does it take to work?", p_risk=0.2)
    assert plan([first, asked], question) is None
    assert plan([first, asked], turn(intent="faq", text="the infusions are at the clinic", p_risk=0.02)) is None


def test_after_distress_asking_for_a_line_gets_the_line_for_any_emotional_distress():
    first = turn("distress", "distress", "distress", ("utter_distress",))
    assert plan([first], turn(intent="out_of_scope", text="is there a hotline i can call")) == ("utter_distress_again",)
    # The NLU takes a remark about the line for a question about eligibility: the line, not the FAQ.
    remark = turn(intent="ask_eligibility", text="I didn't know 988 was for stuff like this")
    assert plan([first], remark) == ("utter_distress_again",)
    question = turn(intent="ask_eligibility", text="can i still do ketamine if i called 988 last month?")
    assert plan([first], question) is None  # the ordinary dialogue answers it


def test_after_a_crisis_a_step_back_gets_the_brief_crisis_reply_not_the_full_one_again():
    first = turn("risk", "suicide", "crisis", CRISIS)
    for text in ("ok i moved them to the other room", "fine. i'll call"):
        assert plan([first], turn(intent="out_of_scope", text=text)) == ("utter_crisis_still_here",)
    assert plan([first], turn(intent="out_of_scope", text="idk")) == ("utter_safety_followup",)


def test_after_a_crisis_a_time_for_a_visit_is_not_danger():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text="could i come in tomorrow afternoon")) == (
        "utter_safety_followup",)


def test_after_a_crisis_a_question_about_a_side_effect_is_not_a_body_giving_signs():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text="does it make people dizzy")) == ("utter_safety_followup",)


def test_after_distress_a_message_not_understood_gets_the_acknowledgement_not_a_crisis_reply():
    first = turn("distress", "distress", "distress", ("utter_distress",))
    assert plan([first], turn(intent="out_of_scope", text="the door is closed")) == ("utter_safety_followup",)


def test_answering_are_you_safe_with_a_request_for_the_number_gets_the_number():
    first = turn("risk", "suicide", "crisis", CRISIS)
    asked = turn("risk", "suicide", "crisis", ASKED_IF_SAFE)
    assert plan([first, asked], turn(intent="nlu_fallback", text="fine whats the number")) == (
        "utter_crisis_resources", "action_handle_crisis")


def test_after_a_crisis_a_statement_gets_the_brief_crisis_reply_and_a_question_the_acknowledgement():
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text="the car is in the garage")) == ("utter_crisis_still_here",)
    assert plan([first], turn(intent="out_of_scope", text="is the parking free")) == ("utter_safety_followup",)
    card = turn(intent="out_of_scope", text="ok the insurance card is here")
    assert plan([first], card) == ("utter_safety_followup",)
    assert plan([first], turn(intent="nlu_fallback", text="ok thanks")) == ("utter_safety_followup",)


def test_after_a_crisis_raised_only_by_a_less_sure_semantic_reading_the_acknowledgement_stays_short():
    unsure = Turn({**risk("risk", "suicide", 0.5), "severity": "low"}, "crisis", CRISIS, "long week", 0.95)
    assert plan([unsure], turn(intent="out_of_scope", text="work has been brutal")) == ("utter_safety_followup",)


def test_after_a_crisis_and_a_return_to_ordinary_questions_the_acknowledgement_stays_short():
    first = turn("risk", "suicide", "crisis", CRISIS)
    answered = turn(intent="faq", text="how much is it", actions=("utter_faq",))
    later = turn(intent="out_of_scope", text="my dog is at the vet")
    assert plan([first, answered], later) == ("utter_safety_followup",)


def test_a_joke_about_dying_taken_back_is_a_crisis():
    joke = turn(intent="nlu_fallback", text="this traffic, kill me now lol", actions=("utter_suggest_topics",))
    taken_back = turn(intent="out_of_scope", text="honestly i wasnt joking about that")
    assert plan([joke], taken_back) == CRISIS
    assert plan([turn(intent="faq", text="how much is it")], taken_back) is None


@pytest.mark.parametrize(
    "text",
    [
        "should i call her??",
        "My wife's asleep upstairs. I could wake her, I suppose?",
        "Who would I even call at this hour? I don't want to be a bother to anyone.",
        "What ought I to say to him? I am frightened of making matters worse.",
        "what if she gets mad that i told ppl",
    ],
)
def test_after_a_crisis_a_question_about_reaching_a_person_gets_a_yes_and_the_way_to_help(text):
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="out_of_scope", text=text)) == ("utter_reach_out",)
    friend = turn("risk", "third_party", "crisis", ("utter_crisis_third_party", "utter_crisis_offer_staff",
                                                    "action_handle_crisis"))
    assert plan([friend], turn(intent="out_of_scope", text=text)) == ("utter_reach_out",)


def test_reaching_a_person_read_as_an_eligibility_question_still_gets_the_yes():
    first = turn("risk", "suicide", "crisis", CRISIS)
    current = turn(intent="ask_eligibility", text="Who would I even call at this hour? I don't want to be a bother.")
    assert plan([first], current) == ("utter_reach_out",)
    assert plan([first], turn(intent="ask_eligibility", text="am i eligible if i take lexapro")) is None


def test_after_a_crisis_telling_the_clinic_is_a_question_about_the_clinic_not_reaching_a_person():
    first = turn("risk", "suicide", "crisis", CRISIS)
    current = turn(intent="out_of_scope", text="should i tell the doctor at my consult about this")
    assert plan([first], current) == ("utter_safety_followup",)


def test_reaching_a_person_after_abuse_gets_the_abuse_help_and_after_distress_the_line():
    abuse = turn("risk", "abuse", "crisis", ("utter_crisis_abuse", "utter_crisis_offer_staff", "action_handle_crisis"))
    assert plan([abuse], turn(intent="out_of_scope", text="should i tell my sister")) == ("utter_crisis_abuse",)
    grief = turn("distress", "grief", "distress", ("utter_grief",))
    assert plan([grief], turn(intent="out_of_scope", text="are there support groups for ppl who lost someone")) == (
        "utter_distress_again",)


@pytest.mark.parametrize(
    "text,intent",
    [
        ("his lips r kinda blue??", "out_of_scope"),
        ("he's getting really sleepy, is that just nap time??", "out_of_scope"),
        ("I threw up two times now", "nlu_fallback"),
        ("my lips feel weird and numb", "out_of_scope"),
        ("how long till it wears off", "faq"),
        ("Is normal to feel this dizzy? The room is turning around", "faq"),
    ],
)
def test_after_an_overdose_signs_of_the_body_are_the_emergency_going_on(text, intent):
    overdose = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "utter_crisis_offer_staff",
                                                   "action_handle_crisis"))
    assert plan([overdose], turn(intent=intent, text=text)) == ("utter_emergency_signs", "action_handle_crisis")


@pytest.mark.parametrize(
    "text,intent",
    [("Should I just drive myself?", "faq"), ("can i take him to the ER in an uber", "out_of_scope"),
     ("is it faster if my roommate drives me to the hospital", "faq")],
)
def test_during_an_emergency_getting_to_hospital_gets_call_911_not_the_driving_faq(text, intent):
    medical = turn("risk", "medical", "crisis", ("utter_crisis_medical", "utter_crisis_offer_staff",
                                                 "action_handle_crisis"))
    assert plan([medical], turn(intent=intent, text=text)) == ("utter_emergency_travel",)
    overdose = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "action_handle_crisis"))
    assert plan([overdose], turn(intent=intent, text=text)) == ("utter_emergency_travel",)


def test_driving_questions_after_another_crisis_or_once_the_emergency_is_over_are_questions():
    suicide = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([suicide], turn(intent="faq", text="can i drive home after an infusion")) is None
    overdose = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "action_handle_crisis"))
    answered = turn(intent="faq", text="how much is it", actions=("utter_faq",))
    assert plan([overdose, answered], turn(intent="faq", text="can i drive home after an infusion")) is None


@pytest.mark.parametrize(
    "text", ["i know her address but im 2 hours away", "he lives in another state", "I can't get to him"]
)
def test_someone_at_risk_the_visitor_cannot_get_to_gets_emergency_services_sent_where_they_are(text):
    someone = turn("risk", "third_party", "crisis", ("utter_crisis_third_party", "utter_crisis_offer_staff",
                                                    "action_handle_crisis"))
    assert plan([someone], turn(intent="out_of_scope", text=text)) == ("utter_someone_far_away",)
    suicide = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([suicide], turn(intent="out_of_scope", text="my mom lives in another state")) != (
        "utter_someone_far_away",)
    answered = turn(intent="faq", text="how much is it", actions=("utter_faq",))
    assert plan([someone, answered], turn(intent="faq", text="i live far away, do you do video visits")) is None
    assert plan([someone], turn(intent="faq", text="i live far from the clinic, is there parking")) is None


def test_distress_during_someone_elses_danger_is_that_danger_going_on():
    someone = turn("risk", "third_party", "crisis", ("utter_crisis_third_party", "utter_crisis_offer_staff",
                                                    "action_handle_crisis"))
    crying = turn("distress", "distress", "distress", text="I hear him crying")
    assert plan([someone], crying) == ("utter_crisis_still_here",)
    own = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([own], turn("distress", "distress", "distress", text="i just feel so tired")) == ("utter_distress",)


def test_an_overdose_told_about_someone_else_the_visitor_cannot_get_to_gets_emergency_services_sent_there():
    told = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "utter_crisis_offer_staff",
                                               "action_handle_crisis"),
                text="my friend just texted me that she took a bunch of pills and said goodbye")
    far = turn(intent="out_of_scope", text="i know her address but im 2 hours away")
    assert plan([told], far) == ("utter_someone_far_away",)
    own = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "action_handle_crisis"),
               text="i took all my pills")
    assert plan([own], turn(intent="out_of_scope", text="my mom lives in another state")) != (
        "utter_someone_far_away",)


@pytest.mark.parametrize(
    "text,level,p_risk",
    [("to be clear im not suicidal or anything. just empty", "mention", 0.06),
     ("no im not thinking of hurting myself. i just miss her so much", "mention", 0.55),
     ("i dont want to die, i just want the anxiety to stop", "distress", 0.3)],
)
def test_after_an_alarm_a_denial_of_suicidal_thoughts_gets_the_distress_reply(text, level, p_risk):
    grief = turn("distress", "grief", "distress", ("utter_grief",))
    assert plan([grief], turn(level, "topic", "out_of_scope", text=text, p_risk=p_risk)) == ("utter_distress_again",)
    crisis = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([crisis], turn(level, "topic", "out_of_scope", text=text, p_risk=p_risk)) == ("utter_distress_again",)


def test_a_denial_beside_a_danger_the_detector_reads_is_still_a_crisis():
    crisis = turn("risk", "suicide", "crisis", CRISIS)
    pills = turn("risk", "overdose", "crisis", text="i dont want to die but i took 30 pills", p_risk=0.99)
    assert "utter_crisis_overdose" in plan([crisis], pills)
    wish = turn("risk", "suicide", "crisis", text="im not suicidal but i wish i could just disappear", p_risk=0.8)
    assert plan([crisis], wish) == ("utter_ask_are_you_safe", "action_handle_crisis")


def test_signs_of_the_body_after_an_overdose_that_is_over_or_after_another_crisis_are_questions():
    overdose = turn("risk", "overdose", "crisis", ("utter_crisis_overdose", "utter_crisis_offer_staff",
                                                   "action_handle_crisis"))
    answered = turn(intent="faq", text="can i move my consult", actions=("utter_faq",))
    assert plan([overdose, answered], turn(intent="faq", text="is dizziness common after an infusion")) is None
    first = turn("risk", "suicide", "crisis", CRISIS)
    assert plan([first], turn(intent="faq", text="is dizziness common after an infusion")) is None
    assert plan([overdose], turn(intent="faq", text="sorry can i still ask, is it covered by blue cross")) is None


def test_a_less_sure_reading_after_a_sure_one_is_still_the_same_crisis():
    sure = Turn({**risk("risk", "abuse", 0.9), "severity": "high"}, "crisis",
                ("utter_crisis_abuse", "utter_crisis_offer_staff", "action_handle_crisis"), "im locked in", 0.95)
    unsure = Turn({**risk("risk", "abuse", 0.43), "severity": "low"}, "crisis", ASKED_IF_SAFE, "hes kicking", 0.95)
    assert plan([sure, unsure], turn(intent="out_of_scope", text="my kids are in the next room")) == (
        "utter_crisis_still_here",)
