from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.types import DomainDict

# The answers under which a visitor "may be a good candidate"; anything else needs review.
CANDIDATE_ANSWERS = {
    "screen_adult": True,
    "screen_diagnosed": True,
    "screen_tried_treatments": True,
    "screen_psychosis": False,
    "screen_heart": False,
    "screen_pregnant": False,
    "screen_substance": False,
    "screen_self_harm": False,
}


def screening_outcome(answers: dict[str, bool | None]) -> str:
    """Never a verdict: "candidate" (the consultation confirms) or "review" (a clinician looks)."""
    fits = all(answers.get(slot) is expected for slot, expected in CANDIDATE_ANSWERS.items())
    return "candidate" if fits else "review"


class ActionScreeningOutcome(Action):
    def name(self) -> str:
        return "action_screening_outcome"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # Rules run this only after a clear "no" to the self-harm question (any other answer
        # went to the crisis response), so that answer is recorded here.
        answers = {slot: tracker.get_slot(slot) for slot in CANDIDATE_ANSWERS} | {"screen_self_harm": False}
        return [SlotSet("screen_self_harm", False), SlotSet("screening_outcome", screening_outcome(answers))]
