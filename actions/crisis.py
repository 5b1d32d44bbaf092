from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_assistant.alert_digest import staff_notifier
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import record_crisis_handoff
from clinic_assistant.db.models import HandoffReason
from clinic_assistant.notify import HandoffNotice
from clinic_assistant.settings import get_action_settings

logger = logging.getLogger(__name__)


def record_crisis(conversation_id: str, risk: dict[str, Any]) -> int:
    """Stores the crisis (one open crisis handoff per conversation; a later message adds its
    evidence) and notifies staff when it is new or more severe; blocking, run it off the loop."""
    settings = get_action_settings()
    with session_scope(settings.database_url) as session:
        handoff, alert = record_crisis_handoff(
            session=session,
            conversation_id=conversation_id,
            risk_category=risk.get("category") or "unspecified",
            severity=risk.get("severity") or "high",
            evidence=risk.get("evidence") or [],
        )
        notice = HandoffNotice(handoff.id, HandoffReason.CRISIS.value, handoff.risk_category, handoff.severity)
    if alert:
        staff_notifier(settings).notify(notice)
    return notice.handoff_id


def _crisis_risk(risk: dict[str, Any], reply: str | None) -> dict[str, Any]:
    """The risk to record for the message that led here, given the reply the visitor just got."""
    if reply == "utter_not_safe":  # the visitor says they are not safe right now
        return {"category": risk.get("category") or "suicide_self_harm", "severity": "high",
                "evidence": [*(risk.get("evidence") or []), "says they are not safe right now"]}
    if risk.get("level") == "risk":
        return risk
    # Not RISK on its own: lower signals over the last messages added up (SafetyPolicy).
    return {"category": "suicide_self_harm", "severity": "medium",
            "evidence": [*(risk.get("evidence") or []), "several lower signals in a row"]}


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
        risk = _crisis_risk(tracker.latest_message.get("risk") or {}, tracker.latest_action_name)
        try:
            handoff_id = await asyncio.to_thread(record_crisis, tracker.sender_id, risk)
        except Exception:
            logger.exception("CRISIS HANDOFF NOT RECORDED for a conversation; staff were not alerted by the bot")
            return [SlotSet("crisis_flagged", True)]
        logger.warning("Crisis handoff #%s recorded (category %s)", handoff_id, risk.get("category") or "unspecified")
        return [SlotSet("crisis_flagged", True)]
