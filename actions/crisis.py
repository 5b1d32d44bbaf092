from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import HandoffReason
from clinic_assistant.notify import HandoffNotice, notifiers_from_settings
from clinic_assistant.settings import get_settings

logger = logging.getLogger(__name__)


def record_crisis(conversation_id: str, risk: dict[str, Any]) -> int:
    """Stores the crisis handoff and notifies staff; blocking, so run it off the event loop."""
    settings = get_settings()
    with session_scope(settings.database_url) as session:
        handoff = create_handoff(
            session=session,
            conversation_id=conversation_id,
            reason=HandoffReason.CRISIS,
            risk_category=risk.get("category") or "unspecified",
            severity=risk.get("severity") or "high",
            evidence=risk.get("evidence") or [],
        )
        notice = HandoffNotice(handoff.id, HandoffReason.CRISIS.value, handoff.risk_category, handoff.severity)
    for notifier in notifiers_from_settings(settings):
        notifier.notify(notice)
    return notice.handoff_id


class ActionHandleCrisis(Action):
    """Runs after the crisis resources were sent (they never depend on this server).

    Records a crisis handoff for the staff queue, notifies staff and flags the conversation.
    A failure here is logged loudly; the visitor already has the resources.
    """

    def name(self) -> str:
        return "action_handle_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        risk = tracker.latest_message.get("risk") or {}
        try:
            handoff_id = await asyncio.to_thread(record_crisis, tracker.sender_id, risk)
        except Exception:
            logger.exception("CRISIS HANDOFF NOT RECORDED for a conversation; staff were not alerted by the bot")
            return [SlotSet("crisis_flagged", True)]
        logger.warning("Crisis handoff #%s recorded (category %s)", handoff_id, risk.get("category") or "unspecified")
        return [SlotSet("crisis_flagged", True)]
