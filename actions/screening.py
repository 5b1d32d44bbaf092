from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.types import DomainDict

# The answers that raise nothing for a clinician to look at first (the warning signs of
# ../shared/content/clinical-facts.md); any other answer, or none, means "review".
# Neither outcome is a verdict: a clinician decides at the consultation.
NO_CONCERN_ANSWERS = {
    "screen_adult": True,
    "screen_diagnosed": True,
    "screen_tried_treatments": True,
    "screen_psychosis": False,
    "screen_heart": False,
    "screen_liver_pressure": False,
    "screen_pregnant": False,
    "screen_substance": False,
    "screen_ketamine_reaction": False,
    "screen_medicines": False,
    "screen_self_harm": False,
}


def screening_outcome(answers: dict[str, bool | None]) -> str:
    """Never a verdict: "no_concerns" (nothing to look at first) or "review" (a clinician looks);
    "not_adult" when the visitor said they are under 18, since consultations are for adults and
    the booking form would refuse them."""
    if answers.get("screen_adult") is False:
        return "not_adult"
    fits = all(answers.get(slot) is expected for slot, expected in NO_CONCERN_ANSWERS.items())
    return "no_concerns" if fits else "review"


class ActionScreeningOutcome(Action):
    def name(self) -> str:
        return "action_screening_outcome"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # Rules run this only after a clear "no" to the self-harm question (any other answer
        # went to the crisis response), so that answer is recorded here.
        answers = {slot: tracker.get_slot(slot) for slot in NO_CONCERN_ANSWERS} | {"screen_self_harm": False}
        return [SlotSet("screen_self_harm", False), SlotSet("screening_outcome", screening_outcome(answers))]
