"""Booking and pre-screen actions with a CollectingDispatcher and one tracker per scenario."""
from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking import (
    ActionChangeBookingField,
    ActionReviewBooking,
    ActionSubmitBooking,
    ValidateBookingForm,
)
from actions.screening import ActionScreeningOutcome
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Booking

from .test_actions import DOMAIN, tracker

VALIDATOR = ValidateBookingForm()
COMPLETE = {
    "full_name": "Jane Doe",
    "contact": "jane@example.com",
    "contact_kind": "email",
    "preferred_time": "Tuesday 1 December at 10:00 am",
    "preferred_start": "2026-12-01T10:00:00-08:00",
    "preferred_window": None,
    "is_adult": True,
    "contact_consent": True,
}


def responses(dispatcher):
    return [message["response"] for message in dispatcher.messages]


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Jane Doe", "Jane Doe"),
        ("  jane   doe ", "jane doe"),
        ("Siobhán O'Brien-Ní Dhuibhir", "Siobhán O'Brien-Ní Dhuibhir"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("<script>alert(1)</script>", None),
        ("/greet", None),
        ("😀😀", None),
        ("a", None),
        ("Jane " * 30, None),
        ("call me at 555 010 0199", None),
    ],
)
def test_names_are_letters_only(typed, kept):
    dispatcher = CollectingDispatcher()
    assert VALIDATOR.validate_full_name(typed, dispatcher, tracker(), DOMAIN) == {"full_name": kept}
    assert responses(dispatcher) == ([] if kept else ["utter_name_invalid"])


def test_a_valid_contact_is_normalised():
    dispatcher = CollectingDispatcher()
    result = VALIDATOR.validate_contact("you can call me on (555) 010-0199", dispatcher, tracker(), DOMAIN)
    assert result == {"contact": "+15550100199", "contact_kind": "phone", "contact_failures": 0}


@pytest.mark.parametrize(
    "failures_before, response",
    [(0, "utter_contact_invalid"), (1, "utter_contact_invalid_again"), (3, "utter_contact_invalid_again")],
)
def test_a_bad_contact_is_asked_again_then_a_way_out_is_offered(failures_before, response):
    dispatcher = CollectingDispatcher()
    result = VALIDATOR.validate_contact(
        "my number is 12", dispatcher, tracker(slots={"contact_failures": failures_before}), DOMAIN
    )
    assert result == {"contact": None, "contact_failures": failures_before + 1}
    assert responses(dispatcher) == [response]


@pytest.mark.parametrize(
    "typed, response",
    [
        ("banana", "utter_time_not_understood"),
        ("yesterday at 10am", "utter_time_in_past"),
        ("in 6 months", "utter_time_too_far"),
    ],
)
def test_a_time_that_cannot_be_booked_is_explained(typed, response):
    dispatcher = CollectingDispatcher()
    assert VALIDATOR.validate_preferred_time(typed, dispatcher, tracker(), DOMAIN) == {"preferred_time": None}
    assert responses(dispatcher) == [response]


def test_a_bookable_time_keeps_its_label_start_and_window():
    dispatcher = CollectingDispatcher()
    result = VALIDATOR.validate_preferred_time("next wednesday afternoon", dispatcher, tracker(), DOMAIN)
    assert result["preferred_time"].startswith("Wednesday") and result["preferred_window"] == "afternoon"
    start = dt.datetime.fromisoformat(result["preferred_start"])
    assert start.weekday() == 2 and 12 <= start.hour < 17
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    "slots, outcome",
    [({**COMPLETE}, "ready"), ({**COMPLETE, "is_adult": False}, "not_adult"),
     ({**COMPLETE, "contact_consent": False}, "no_consent")],
)
async def test_the_finished_form_is_reviewed(slots, outcome):
    events = await ActionReviewBooking().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert events[0] == SlotSet("booking_outcome", outcome)
    if outcome != "ready":
        assert SlotSet("full_name", None) in events  # nothing personal is kept


async def test_a_confirmed_booking_is_stored_with_its_screening_answers(app_database):
    slots = {**COMPLETE, "screen_adult": True, "screen_psychosis": False}
    events = await ActionSubmitBooking().run(CollectingDispatcher(), tracker(slots=slots, sender="s-1"), DOMAIN)
    assert events[0] == SlotSet("booking_outcome", "stored")
    reference = next(e["value"] for e in events if e["name"] == "booking_reference")
    with session_scope(app_database) as session:
        booking = session.execute(select(Booking)).scalar_one()
        assert (booking.reference, booking.full_name, booking.conversation_id) == (reference, "Jane Doe", "s-1")
        assert {a.question: a.answer for a in booking.screening_answers} == {"adult": True, "psychosis": False}


async def test_an_incomplete_request_is_not_stored(app_database):
    slots = {**COMPLETE, "contact": None}
    events = await ActionSubmitBooking().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert events == [SlotSet("booking_outcome", "incomplete")]


async def test_a_database_failure_apologises_keeps_the_answers_and_logs_no_personal_details(
    unreachable_database, caplog
):
    events = await ActionSubmitBooking().run(CollectingDispatcher(), tracker(slots=COMPLETE), DOMAIN)
    assert events == [SlotSet("booking_outcome", "failed")]  # form slots untouched: a retry loses nothing
    assert "Jane" not in caplog.text and "jane@example.com" not in caplog.text


@pytest.mark.parametrize(
    "field, cleared",
    [
        ("full_name", ["full_name"]),
        ("contact", ["contact", "contact_kind", "contact_failures"]),
        ("preferred_time", ["preferred_time", "preferred_start", "preferred_window"]),
        ("reference", []),
    ],
)
async def test_changing_one_part_clears_only_that_part(field, cleared):
    latest = {"entities": [{"entity": "booking_field", "value": field}]}
    events = await ActionChangeBookingField().run(CollectingDispatcher(), tracker(latest), DOMAIN)
    assert events == [SlotSet(name, None) for name in cleared]


YES_TO_ALL_GOOD = {
    "screen_adult": True, "screen_diagnosed": True, "screen_tried_treatments": True, "screen_psychosis": False,
    "screen_heart": False, "screen_liver_pressure": False, "screen_pregnant": False, "screen_substance": False,
    "screen_ketamine_reaction": False, "screen_medicines": False, "screen_self_harm": False,
}


@pytest.mark.parametrize(
    "changed, outcome",
    [
        ({}, "no_concerns"),
        ({"screen_adult": False}, "not_adult"),
        ({"screen_adult": None}, "review"),
        ({"screen_tried_treatments": False}, "review"),
        ({"screen_psychosis": True}, "review"),
        ({"screen_heart": True}, "review"),
        ({"screen_pregnant": True}, "review"),
        ({"screen_substance": True}, "review"),
        ({"screen_liver_pressure": True}, "review"),
        ({"screen_ketamine_reaction": True}, "review"),
        ({"screen_medicines": True}, "review"),
        ({"screen_diagnosed": None}, "review"),
        ({"screen_self_harm": None}, "no_concerns"),  # only a clear "no" reaches the outcome
    ],
)
async def test_the_pre_screen_never_gives_a_verdict_only_no_concerns_review_or_under_18(changed, outcome):
    slots = {**YES_TO_ALL_GOOD, **changed}
    events = await ActionScreeningOutcome().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert events == [SlotSet("screen_self_harm", False), SlotSet("screening_outcome", outcome)]
