"""Setting the final intent of a message, for the components that overrule the classifiers."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def override_intent(message: Message, intent_name: str, confidence: float = 1.0) -> None:
    """Makes `intent_name` the message's intent and the top of its ranking."""
    top = {"name": intent_name, "confidence": confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent_name]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
