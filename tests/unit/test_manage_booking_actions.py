"""Changing or cancelling an earlier booking: found only with the reference AND the contact."""
from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.manage_booking import (
    ActionCancelBooking,
    ActionFindBooking,
    ActionRescheduleBooking,
    ValidateManageBookingForm,
)
from clinic_assistant.db.bookings import create_booking, find_booking, new_reference
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import BookingStatus

from .test_actions import DOMAIN, tracker

START = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def reference(app_database):
    with session_scope(app_database) as session:
        return create_booking(
            session=session, conversation_id="c-1", full_name="Jane Doe", contact_kind="email",
            contact_value="jane@example.com", preferred_start=START, preferred_window=None,
            preferred_label="Tuesday 1 December at 10:00 am", is_adult=True, contact_consent=True,
        ).reference


def status(url, reference):
    with session_scope(url) as session:
        return find_booking(session=session, reference=reference, contact_value="jane@example.com").status


@pytest.mark.parametrize(
    "typed, kept",
    [("my reference is k7m2qx", "K7M2QX"), ("K7M2QX", "K7M2QX"), ("banana", None), ("ABCDEF", None), ("12", None)],
)
def test_a_reference_is_read_from_the_message(typed, kept):
    dispatcher = CollectingDispatcher()
    result = ValidateManageBookingForm().validate_lookup_reference(typed, dispatcher, tracker(), DOMAIN)
    assert result == {"lookup_reference": kept}
    assert [m["response"] for m in dispatcher.messages] == ([] if kept else ["utter_reference_invalid"])


def test_every_reference_the_clinic_hands_out_can_be_typed_back_into_the_chat():
    # An all-letter reference ("QWERTY") reads like a word and was refused: 1 in 6 visitors locked out.
    form = ValidateManageBookingForm()
    for _ in range(2000):
        reference = new_reference()
        typed = f"it's {reference.lower()}"
        assert form.validate_lookup_reference(typed, CollectingDispatcher(), tracker(), DOMAIN) == {
            "lookup_reference": reference
        }


async def test_a_booking_is_found_only_with_the_same_contact(app_database, reference):
    found = await ActionFindBooking().run(
        CollectingDispatcher(), tracker(slots={"lookup_reference": reference, "lookup_contact": "jane@example.com"}),
        DOMAIN,
    )
    label = "Tuesday 1 December at 10:00 am"
    assert found == [
        SlotSet("lookup_outcome", "found"), SlotSet("managed_booking_label", label),
        SlotSet("managed_booking_reference", reference), SlotSet("managed_booking_contact", "jane@example.com"),
        SlotSet("lookup_reference", None), SlotSet("lookup_contact", None),
    ]
    wrong = await ActionFindBooking().run(
        CollectingDispatcher(), tracker(slots={"lookup_reference": reference, "lookup_contact": "eve@example.com"}),
        DOMAIN,
    )
    assert wrong == [
        SlotSet("lookup_outcome", "not_found"), SlotSet("managed_booking_reference", None),
        SlotSet("managed_booking_contact", None), SlotSet("lookup_reference", None), SlotSet("lookup_contact", None),
    ]


async def test_cancel_acts_on_the_booking_found_and_nothing_else(app_database, reference):
    assert await ActionCancelBooking().run(CollectingDispatcher(), tracker(), DOMAIN) == [
        SlotSet("lookup_outcome", "not_found")
    ]
    slots = {"managed_booking_reference": reference, "managed_booking_contact": "jane@example.com"}
    events = await ActionCancelBooking().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert events == [SlotSet("lookup_outcome", "cancelled")]
    assert status(app_database, reference) is BookingStatus.CANCELLED


async def test_reschedule_stores_the_new_time(app_database, reference):
    later = "2026-12-03T14:00:00-08:00"
    slots = {"managed_booking_reference": reference, "managed_booking_contact": "jane@example.com",
             "new_preferred_time": later,
             "managed_booking_label": "Thursday 3 December at 2:00 pm"}
    events = await ActionRescheduleBooking().run(CollectingDispatcher(), tracker(slots=slots), DOMAIN)
    assert events == [SlotSet("lookup_outcome", "rescheduled")]
    with session_scope(app_database) as session:
        booking = find_booking(session=session, reference=reference, contact_value="jane@example.com")
        assert booking.preferred_label == "Thursday 3 December at 2:00 pm"
