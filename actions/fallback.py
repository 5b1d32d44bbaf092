from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

SUGGESTION_SLOTS = ("suggestion_1", "suggestion_2")


def likeliest_faq_topics(latest_message: dict[str, Any]) -> list[str]:
    """FAQ topics as the FAQ selector ranked them for the message, best first."""
    ranking = latest_message.get("response_selector", {}).get("faq", {}).get("ranking", [])
    keys = (entry.get("intent_response_key", "") for entry in ranking)
    return [key.split("/", 1)[1] for key in keys if key.startswith("faq/")]


def canonical_question(domain: dict[str, Any], topic: str) -> str | None:
    """The question an FAQ answer answers, kept in its metadata in domain.yml."""
    variations = domain.get("responses", {}).get(f"utter_faq/{topic}") or [{}]
    return (variations[0].get("metadata") or {}).get("question")


class ActionSuggestTopics(Action):
    """First stage of the two-stage fallback: picks the two likeliest FAQ topics.

    It only sets the slots; the rule that follows sends `utter_suggest_topics`, whose buttons
    carry each topic's canonical question, so a click is understood like a typed question.
    """

    def name(self) -> str:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        topics = likeliest_faq_topics(tracker.latest_message)
        questions = [q for q in (canonical_question(domain, topic) for topic in topics) if q][: len(SUGGESTION_SLOTS)]
        if len(questions) < len(SUGGESTION_SLOTS):
            return [SlotSet(slot, None) for slot in SUGGESTION_SLOTS]
        return [SlotSet(slot, question) for slot, question in zip(SUGGESTION_SLOTS, questions, strict=True)]
