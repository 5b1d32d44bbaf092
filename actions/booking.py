"""The booking form: validation, review, storage and changes. Texts are domain.yml responses."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import clinic
from clinic_assistant.booking.contact import ContactOutcome, parse_contact
from clinic_assistant.booking.when import WhenOutcome, parse_preferred_time
from clinic_assistant.db.bookings import create_booking
from clinic_assistant.db.engine import session_scope
from clinic_assistant.settings import get_action_settings

logger = logging.getLogger(__name__)

MAX_CONTACT_FAILURES = 2
NAME_PATTERN = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '.\-])*$")
MAX_NAME_LENGTH = 80
FORM_SLOTS = ("full_name", "contact", "preferred_time", "is_adult", "contact_consent")
DERIVED_SLOTS = {
    "contact": ("contact_kind", "contact_failures"),
    "preferred_time": ("preferred_start", "preferred_window"),
}
SCREENING_SLOTS = (
    "screen_adult", "screen_diagnosed", "screen_tried_treatments", "screen_psychosis",
    "screen_heart", "screen_liver_pressure", "screen_pregnant", "screen_substance", "screen_ketamine_reaction",
    "screen_medicines", "screen_self_harm",
)
TIME_PROBLEMS = {
    WhenOutcome.NOT_UNDERSTOOD: "utter_time_not_understood",
    WhenOutcome.IN_PAST: "utter_time_in_past",
    WhenOutcome.CLINIC_CLOSED: "utter_time_clinic_closed",
    WhenOutcome.TOO_FAR: "utter_time_too_far",
}


def clean_name(text: str) -> str | None:
    """A person's name as letters, spaces, apostrophes, dots and hyphens; None otherwise."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= MAX_NAME_LENGTH or not NAME_PATTERN.match(name):
        return None
    return name


class ValidateBookingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # Under 18: nothing more to ask; action_review_booking explains.
        if tracker.get_slot("is_adult") is False:
            return [slot for slot in domain_slots if slot != "contact_consent"]
        return domain_slots

    def validate_full_name(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        name = clean_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(response="utter_name_invalid")
        return {"full_name": name}

    def validate_contact(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        result = parse_contact(str(value or ""))
        if result.outcome is ContactOutcome.OK:
            return {"contact": result.value, "contact_kind": result.kind, "contact_failures": 0}
        failures = int(tracker.get_slot("contact_failures") or 0) + 1
        too_many = failures >= MAX_CONTACT_FAILURES
        dispatcher.utter_message(response="utter_contact_invalid_again" if too_many else "utter_contact_invalid")
        return {"contact": None, "contact_failures": failures}

    def validate_preferred_time(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        config = clinic()
        result = parse_preferred_time(str(value or ""), clinic=config, now=dt.datetime.now(config.timezone))
        if result.outcome is not WhenOutcome.OK:
            dispatcher.utter_message(response=TIME_PROBLEMS[result.outcome])
            return {"preferred_time": None}
        return {
            "preferred_time": result.label,
            "preferred_start": result.start.isoformat(),
            "preferred_window": result.window,
        }


class ActionReviewBooking(Action):
    """After the form: a complete request gets the summary; under 18 or no consent ends it."""

    def name(self) -> str:
        return "action_review_booking"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("is_adult") is False:
            return [SlotSet("booking_outcome", "not_adult"), *clear_booking_slots()]
        if tracker.get_slot("contact_consent") is False:
            return [SlotSet("booking_outcome", "no_consent"), *clear_booking_slots()]
        return [SlotSet("booking_outcome", "ready")]


def clear_booking_slots() -> list[EventType]:
    names = [*FORM_SLOTS, *(d for derived in DERIVED_SLOTS.values() for d in derived)]
    return [SlotSet(name, None) for name in names]


def store_booking(conversation_id: str, slots: dict[str, Any]) -> str:
    """Writes the booking with its screening answers; blocking, so run it off the event loop."""
    screening = {name.removeprefix("screen_"): slots[name] for name in SCREENING_SLOTS if slots.get(name) is not None}
    with session_scope(get_action_settings().database_url) as session:
        booking = create_booking(
            session=session,
            conversation_id=conversation_id,
            full_name=slots["full_name"],
            contact_kind=slots["contact_kind"],
            contact_value=slots["contact"],
            preferred_start=dt.datetime.fromisoformat(slots["preferred_start"]),
            preferred_window=slots.get("preferred_window"),
            preferred_label=slots["preferred_time"],
            is_adult=True,
            contact_consent=True,
            screening=screening,
        )
        return booking.reference


class ActionSubmitBooking(Action):
    """Stores a confirmed request. Reports stored / failed / incomplete in `booking_outcome`."""

    def name(self) -> str:
        return "action_submit_booking"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        slots = tracker.current_slot_values()
        complete = all(slots.get(name) for name in ("full_name", "contact", "contact_kind", "preferred_start"))
        if not (complete and slots.get("is_adult") is True and slots.get("contact_consent") is True):
            return [SlotSet("booking_outcome", "incomplete")]
        try:
            reference = await asyncio.to_thread(store_booking, tracker.sender_id, slots)
        except Exception:
            # Never log the visitor's details; the slots stay, so a retry loses nothing.
            logger.exception("Could not store a confirmed booking")
            return [SlotSet("booking_outcome", "failed")]
        logger.info("Booking %s stored", reference)
        return [SlotSet("booking_outcome", "stored"), SlotSet("booking_reference", reference), *clear_booking_slots()]


class ActionChangeBookingField(Action):
    """Clears the part of the request the visitor wants to change; the form asks it again."""

    def name(self) -> str:
        return "action_change_booking_field"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        field = next(tracker.get_latest_entity_values("booking_field"), None)
        if field not in FORM_SLOTS:
            return []
        return [SlotSet(name, None) for name in (field, *DERIVED_SLOTS.get(field, ()))]
