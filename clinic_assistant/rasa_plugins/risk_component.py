"""RiskDetector: the last NLU component, so its decision is the one every policy sees.

On risk it sets the intent to `crisis` (confidence 1.0) and adds the category as a
`risk_category` entity, whatever DIET or the FallbackClassifier said. When a message only
talks about suicide or self-harm as a topic it sets `risk_mention`, whose answer names the
crisis line. The assessment is kept on the message as `risk`, so it is stored with the
user event in the tracker store, where the staff console reads it.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant.rasa_plugins.intents import override_intent
from clinic_assistant.risk import RiskLevel, assess

CRISIS_INTENT = "crisis"
MENTION_INTENT = "risk_mention"
RISK_ENTITY = "risk_category"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RiskDetector(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._label(message)
        return messages

    @staticmethod
    def _label(message: Message) -> None:
        assessment = assess(message.get(TEXT) or "")
        message.set(
            "risk",
            {
                "level": assessment.level.value,
                "category": assessment.category.value if assessment.category else None,
                "severity": assessment.severity,
                "evidence": list(assessment.evidence),
            },
            add_to_output=True,
        )
        if assessment.level is RiskLevel.RISK:
            override_intent(message, CRISIS_INTENT)
            entity = {
                "entity": RISK_ENTITY,
                "value": assessment.category.value,
                "start": 0,
                "end": len(message.get(TEXT) or ""),
                "confidence_entity": 1.0,
                "extractor": "RiskDetector",
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        elif assessment.level is RiskLevel.MENTION:
            override_intent(message, MENTION_INTENT)
