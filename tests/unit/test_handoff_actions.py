"""Handoff actions: the record, clinic hours, the call-back request."""
from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import handoff as handoff_actions
from actions.handoff import ActionRequestHuman, ActionSaveCallback, ValidateCallbackForm
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import Handoff, HandoffReason

from .test_actions import DOMAIN, tracker

MONDAY_10AM_LA = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)
SUNDAY_NOON_LA = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment):
        class FrozenDatetime(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return moment.astimezone(tz) if tz else moment

        monkeypatch.setattr(handoff_actions.dt, "datetime", FrozenDatetime)

    return freeze


def handoffs(url):
    with session_scope(url) as session:
        return [(h.conversation_id, h.reason.value, h.callback_name, h.callback_phone)
                for h in session.execute(select(Handoff).order_by(Handoff.id)).scalars()]


@pytest.mark.parametrize("moment, outcome", [(MONDAY_10AM_LA, "staff_asked"), (SUNDAY_NOON_LA, "after_hours")])
async def test_a_request_for_a_person_is_recorded_and_hours_decide_what_is_said(
    app_database, frozen_now, moment, outcome
):
    frozen_now(moment)
    events = await ActionRequestHuman().run(CollectingDispatcher(), tracker(sender="v-1"), DOMAIN)
    assert events == [SlotSet("handoff_outcome", outcome)]
    assert handoffs(app_database) == [("v-1", "request_human", None, None)]


async def test_after_a_crisis_the_existing_handoff_is_reused(app_database):
    with session_scope(app_database) as session:
        create_handoff(session=session, conversation_id="v-2", reason=HandoffReason.CRISIS)
    await ActionRequestHuman().run(CollectingDispatcher(), tracker(sender="v-2"), DOMAIN)
    assert handoffs(app_database) == [("v-2", "crisis", None, None)]


async def test_a_database_failure_falls_back_to_the_clinic_contacts(unreachable_database):
    events = await ActionRequestHuman().run(CollectingDispatcher(), tracker(), DOMAIN)
    assert events == [SlotSet("handoff_outcome", "failed")]


@pytest.mark.parametrize(
    "typed, kept, response",
    [("555.010.0199", "+15550100199", None), ("sam@example.com", None, "utter_callback_phone_invalid"),
     ("12", None, "utter_callback_phone_invalid")],
)
def test_the_call_back_number_must_be_a_phone_number(typed, kept, response):
    dispatcher = CollectingDispatcher()
    assert ValidateCallbackForm().validate_callback_phone(typed, dispatcher, tracker(), DOMAIN) == {
        "callback_phone": kept
    }
    assert [m["response"] for m in dispatcher.messages] == ([response] if response else [])


async def test_the_call_back_request_is_stored_on_the_handoff(app_database):
    slots = {"callback_name": "Sam Rivera", "callback_phone": "+15550100199"}
    events = await ActionSaveCallback().run(CollectingDispatcher(), tracker(slots=slots, sender="v-3"), DOMAIN)
    assert events[0] == SlotSet("callback_outcome", "saved")
    assert handoffs(app_database) == [("v-3", "request_human", "Sam Rivera", "+15550100199")]
