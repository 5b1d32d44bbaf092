from __future__ import annotations

import asyncio
import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.types import DomainDict

from clinic_assistant.db.engine import session_scope
from clinic_assistant.privacy import delete_conversation_records
from clinic_assistant.settings import get_action_settings

logger = logging.getLogger(__name__)


def delete_records(conversation_id: str) -> None:
    with session_scope(get_action_settings().database_url) as session:
        delete_conversation_records(session=session, conversation_id=conversation_id)


class ActionDeleteMyData(Action):
    """After the visitor confirmed: app records go now, the transcript on the next purge run."""

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            await asyncio.to_thread(delete_records, tracker.sender_id)
        except Exception:
            logger.exception("Could not file a visitor's deletion request")
            return [SlotSet("deletion_outcome", "failed")]
        return [AllSlotsReset(), SlotSet("deletion_outcome", "deleted")]
