"""Changing or cancelling an earlier booking request in the chat.

The booking is found only by its reference together with the contact detail given with it; the
reference found is kept in `lookup_reference` and cancel / reschedule act on that one only, after
checking the contact detail again.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import TIME_PROBLEMS
from actions.config import clinic
from clinic_assistant.booking.contact import ContactOutcome, parse_contact
from clinic_assistant.booking.when import WhenOutcome, parse_preferred_time
from clinic_assistant.db.bookings import REFERENCE_ALPHABET, REFERENCE_LENGTH, cancel_booking, find_booking
from clinic_assistant.db.bookings import reschedule_booking as store_reschedule
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import BookingStatus
from clinic_assistant.settings import get_action_settings

logger = logging.getLogger(__name__)
REFERENCE = re.compile(rf"\b[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}\b", re.IGNORECASE)


class ValidateManageBookingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_manage_booking_form"

    def validate_lookup_reference(self, value: Any, dispatcher: CollectingDispatcher, tracker, domain):
        candidates = [m.upper() for m in REFERENCE.findall(str(value or "")) if any(c.isdigit() for c in m)]
        if not candidates:
            dispatcher.utter_message(response="utter_reference_invalid")
            return {"lookup_reference": None}
        return {"lookup_reference": candidates[0]}

    def validate_lookup_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker, domain):
        result = parse_contact(str(value or ""))
        if result.outcome is not ContactOutcome.OK:
            dispatcher.utter_message(response="utter_contact_invalid")
            return {"lookup_contact": None}
        return {"lookup_contact": result.value}


class ValidateRescheduleForm(FormValidationAction):
    def name(self) -> str:
        return "validate_reschedule_form"

    def validate_new_preferred_time(self, value: Any, dispatcher: CollectingDispatcher, tracker, domain):
        config = clinic()
        result = parse_preferred_time(str(value or ""), clinic=config, now=dt.datetime.now(config.timezone))
        if result.outcome is not WhenOutcome.OK:
            dispatcher.utter_message(response=TIME_PROBLEMS[result.outcome])
            return {"new_preferred_time": None}
        return {"new_preferred_time": result.start.isoformat(), "managed_booking_label": result.label}


def _find(reference: str, contact: str) -> str | None:
    """The label of the live booking with this reference and contact, or None."""
    with session_scope(get_action_settings().database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value=contact)
        if booking is None or booking.status in (BookingStatus.CANCELLED, BookingStatus.CLOSED):
            return None
        return booking.preferred_label


def _cancel(reference: str, contact: str) -> bool:
    with session_scope(get_action_settings().database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value=contact)
        if booking is None:
            return False
        cancel_booking(session=session, booking=booking)
        return True


def _reschedule(reference: str, contact: str, start: str, label: str) -> bool:
    with session_scope(get_action_settings().database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value=contact)
        if booking is None:
            return False
        when = dt.datetime.fromisoformat(start)
        store_reschedule(session=session, booking=booking, preferred_start=when, preferred_window=None, label=label)
        return True


class ManageBookingAction(Action, ABC):
    """Base of the actions below: runs one store call for the booking found in this conversation
    (managed_booking_reference + _contact slots) off the event loop and reports `lookup_outcome`: `success` when
    the call returns something truthy, not_found otherwise, failed when the database fails.
    rasa-sdk does not register abstract classes, so this one is not an action itself."""

    success = "found"

    @abstractmethod
    async def call(self, tracker: Tracker, reference: str, contact: str) -> Any:
        """The store call; a returned text becomes `managed_booking_label`."""

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reference, contact = self.booking(tracker)
        if not reference or not contact:
            return [SlotSet("lookup_outcome", "not_found")]
        try:
            result = await self.call(tracker, reference, contact)
        except Exception:
            logger.exception("Booking look-up or change failed in %s", self.name())
            return [SlotSet("lookup_outcome", "failed")]
        if not result:
            return [SlotSet("lookup_outcome", "not_found")]
        events = [SlotSet("lookup_outcome", self.success)]
        if isinstance(result, str):
            events.append(SlotSet("managed_booking_label", result))
        return events

    def booking(self, tracker: Tracker) -> tuple[str | None, str | None]:
        return tracker.get_slot("managed_booking_reference"), tracker.get_slot("managed_booking_contact")


class ActionFindBooking(ManageBookingAction):
    """Looks up the form's reference + contact; a match becomes the managed booking. The form's
    slots are cleared either way, so a new look-up asks both questions again."""

    def name(self) -> str:
        return "action_find_booking"

    def booking(self, tracker: Tracker) -> tuple[str | None, str | None]:
        return tracker.get_slot("lookup_reference"), tracker.get_slot("lookup_contact")

    async def call(self, tracker, reference, contact):
        return await asyncio.to_thread(_find, reference, contact)

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        reference, contact = self.booking(tracker)
        found = events[0] == SlotSet("lookup_outcome", "found")
        return [
            *events,
            SlotSet("managed_booking_reference", reference if found else None),
            SlotSet("managed_booking_contact", contact if found else None),
            SlotSet("lookup_reference", None),
            SlotSet("lookup_contact", None),
        ]


class ActionCancelBooking(ManageBookingAction):
    success = "cancelled"

    def name(self) -> str:
        return "action_cancel_booking"

    async def call(self, tracker, reference, contact):
        return await asyncio.to_thread(_cancel, reference, contact)


class ActionRescheduleBooking(ManageBookingAction):
    success = "rescheduled"

    def name(self) -> str:
        return "action_reschedule_booking"

    async def call(self, tracker, reference, contact):
        start, label = tracker.get_slot("new_preferred_time"), tracker.get_slot("managed_booking_label")
        if not start:
            return False
        return await asyncio.to_thread(_reschedule, reference, contact, start, label)
