"""Response generation inside the Rasa server: clinic facts and the opening disclosure.

Registered in endpoints.yml as the `nlg` type. It works in-process, so everything here holds
even when the action server is down:
- responses that name {crisis_line} or {clinic_phone} are filled from clinic.yml;
- the first bot message of every session starts with `utter_disclosure` (automated assistant,
  not a clinician, not for emergencies, the crisis line), whatever the visitor said first.
"""
from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import get_rasa_settings

DISCLOSURE = "utter_disclosure"
# Responses that already say they come from an automated assistant. The crisis resources must
# come first, with nothing in front of them, and a reply to distress or grief opens with it.
SELF_DISCLOSING = {
    DISCLOSURE, "utter_crisis_resources", "utter_crisis_overdose", "utter_crisis_medical", "utter_crisis_abuse",
    "utter_crisis_third_party", "utter_not_safe", "utter_crisis_es", "utter_spanish_notice", "utter_distress",
    "utter_grief", "utter_panic",
}


class ClinicResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.clinic_values = load_clinic_config(get_rasa_settings().clinic_config_path).template_values()

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        # Values passed by an action win over clinic facts of the same name.
        values = {**self.clinic_values, **kwargs}
        response = await super().generate(utter_action, tracker, output_channel, **values)
        if response and response.get("text") and utter_action not in SELF_DISCLOSING and _first_bot_message(tracker):
            disclosure = await super().generate(DISCLOSURE, tracker, output_channel, **values)
            response["text"] = f"{disclosure['text']}\n\n{response['text']}"
        return response


def _first_bot_message(tracker: DialogueStateTracker) -> bool:
    """True when the bot has said nothing yet in the tracker's current session."""
    return not any(isinstance(event, BotUttered) for event in tracker.applied_events())
