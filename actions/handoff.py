"""Handing a conversation to a person: the handoff record and, after hours, a call-back request."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import clean_name
from actions.config import clinic
from clinic_assistant.alert_digest import staff_notifier
from clinic_assistant.booking.contact import ContactOutcome, parse_contact
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff, open_handoff_for
from clinic_assistant.db.models import HandoffReason
from clinic_assistant.notify import HandoffNotice
from clinic_assistant.settings import get_action_settings

logger = logging.getLogger(__name__)


def request_handoff(conversation_id: str) -> None:
    """Creates a request_human handoff unless the conversation already has an open one."""
    settings = get_action_settings()
    with session_scope(settings.database_url) as session:
        if open_handoff_for(session=session, conversation_id=conversation_id):
            return
        handoff = create_handoff(session=session, conversation_id=conversation_id, reason=HandoffReason.REQUEST_HUMAN)
        notice = HandoffNotice(handoff.id, HandoffReason.REQUEST_HUMAN.value, None, None)
    staff_notifier(settings).notify(notice)


def save_callback(conversation_id: str, name: str, phone: str) -> None:
    with session_scope(get_action_settings().database_url) as session:
        handoff = open_handoff_for(session=session, conversation_id=conversation_id) or create_handoff(
            session=session, conversation_id=conversation_id, reason=HandoffReason.REQUEST_HUMAN
        )
        handoff.callback_name, handoff.callback_phone = name, phone


class ActionRequestHuman(Action):
    """Records the handoff; `handoff_outcome` says staff_asked (open), after_hours or failed."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            await asyncio.to_thread(request_handoff, tracker.sender_id)
        except Exception:
            logger.exception("Could not record a handoff request")
            return [SlotSet("handoff_outcome", "failed")]
        is_open = clinic().is_open(dt.datetime.now(dt.timezone.utc))
        return [SlotSet("handoff_outcome", "staff_asked" if is_open else "after_hours")]


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    def validate_callback_name(self, value: Any, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        name = clean_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(response="utter_name_invalid")
        return {"callback_name": name}

    def validate_callback_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        result = parse_contact(str(value or ""))
        if result.outcome is ContactOutcome.OK and result.kind == "phone":
            return {"callback_phone": result.value}
        dispatcher.utter_message(response="utter_callback_phone_invalid")
        return {"callback_phone": None}


class ActionSaveCallback(Action):
    def name(self) -> str:
        return "action_save_callback"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        name, phone = tracker.get_slot("callback_name"), tracker.get_slot("callback_phone")
        try:
            await asyncio.to_thread(save_callback, tracker.sender_id, name, phone)
        except Exception:
            logger.exception("Could not store a call-back request")
            return [SlotSet("callback_outcome", "failed")]
        return [SlotSet("callback_outcome", "saved"), SlotSet("callback_phone", None)]
