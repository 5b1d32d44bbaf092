"""RiskDetector: the last NLU component, so its decision is the one every policy sees.

It reads every message with two signals (`clinic_assistant.risk.assessment`): the lexical rules
and a classifier over the message's sentence embedding, trained here from the team's examples in
`safety/training/` (plus the NLU examples of ordinary intents, as "none"). The result is kept on
the message as `risk`, so it is stored with the user event, where the conversation policy
(`safety_policy.py`) and the staff console read it. The intent becomes:

- `crisis` (confidence 1.0) on RISK, with the category as a `risk_category` entity;
- `distress` on DISTRESS (struggling, grief, panic);
- `risk_mention` on MENTION;
whatever the intent classifier or the FallbackClassifier said. When the detector finds nothing,
the intent classifier's own `crisis`, `distress` or `risk_mention` gives way to its next intent:
it learned those from a few dozen examples and raised false alarms on ordinary talk ("my feet are
killing me").
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant import logistic, word_features
from clinic_assistant.rasa_plugins import minilm
from clinic_assistant.rasa_plugins.embedding import message_embedding
from clinic_assistant.rasa_plugins.fingerprint import source_digest
from clinic_assistant.rasa_plugins.intents import override_intent
from clinic_assistant.rasa_plugins.minilm import encode_training_texts, shared_model
from clinic_assistant.risk import semantic, spanish
from clinic_assistant.risk.assessment import Level, assess_message, warm_up
from clinic_assistant.risk.semantic import Example, RiskClassifiers, casual_variants, load_examples
from clinic_assistant.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
DISTRESS_INTENT = "distress"
MENTION_INTENT = "risk_mention"
RISK_ENTITY = "risk_category"
INTENT_OF_LEVEL = {Level.RISK: CRISIS_INTENT, Level.DISTRESS: DISTRESS_INTENT, Level.MENTION: MENTION_INTENT}
# NLU examples of these intents are not "none": the detector sets them itself.
SAFETY_INTENTS = {CRISIS_INTENT, DISTRESS_INTENT, MENTION_INTENT}
# Out-of-scope examples are many and alike; every n-th is enough to teach "ordinary".
OUT_OF_SCOPE_STRIDE = 4


def _training_files(config: dict[str, Any]) -> list[Path]:
    directory = PROJECT_ROOT / config["training_data"]
    return sorted(directory.glob("*.yml"))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RiskDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"training_data": "safety/training"}

    @classmethod
    def required_components(cls) -> list[type]:
        return []

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # The examples live outside data/, so Rasa's cache must see when they change, and the
        # code that trains on them.
        return source_digest(
            [sys.modules[__name__], semantic, spanish, word_features, logistic, minilm],
            _training_files({**cls.get_default_config(), **config}),
        )

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        model: RiskClassifiers | None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config, model_storage, resource, execution_context: ExecutionContext) -> RiskDetector:
        return cls(config, model_storage, resource, None)

    @classmethod
    def load(cls, config, model_storage, resource, execution_context: ExecutionContext, **kwargs: Any) -> RiskDetector:
        try:
            with model_storage.read_from(resource) as directory:
                model = RiskClassifiers.load(Path(directory))
            shared_model()  # the encoder's weights now, not on the first message
        except Exception:
            # The lexical rules still run: a broken semantic model must not silence the crisis path.
            logger.exception("Risk classifier not loaded: only the lexical risk rules are running")
            model = None
        warm_up(model)
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = load_examples(_training_files(self._config))
        ordinary = ordinary_nlu_examples(training_data)
        examples += [Example(text, "none/none", "nlu", "en") for text in [*ordinary, *casual_variants(ordinary)]]
        self.model = RiskClassifiers.train(examples, encode_training_texts)
        logger.info(
            "Risk classifiers trained on %d examples; English thresholds %s, for long posts %s",
            len(examples), self.model.english.short, self.model.english.long,
        )
        with self._model_storage.write_to(self._resource) as directory:
            self.model.save(Path(directory))
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._label(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _label(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        embedding = message_embedding(message) if self.model is not None else None
        risk = assess_message(text, embedding, self.model, shared_model().encode_message if self.model else None)
        message.set("risk", risk.as_dict(), add_to_output=True)
        intent = INTENT_OF_LEVEL.get(risk.level)
        if intent is None:
            _drop_safety_intent(message)
            return
        override_intent(message, intent)
        if risk.level is Level.RISK:
            entity = {
                "entity": RISK_ENTITY,
                "value": risk.category,
                "start": 0,
                "end": len(text),
                "confidence_entity": 1.0,
                "extractor": "RiskDetector",
            }
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)


def _drop_safety_intent(message: Message) -> None:
    """The intent classifier's safety intent on a message the detector found nothing in: its next intent instead."""
    if (message.get(INTENT) or {}).get("name") not in SAFETY_INTENTS:
        return
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in SAFETY_INTENTS]
    best = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
    override_intent(message, best["name"], best.get("confidence", 0.0))


def ordinary_nlu_examples(training_data: TrainingData) -> list[str]:
    """The NLU examples of the ordinary intents (every OUT_OF_SCOPE_STRIDE-th out-of-scope one)."""
    texts, out_of_scope_seen = [], 0
    for message in training_data.intent_examples:
        intent = message.get(INTENT)
        if intent in SAFETY_INTENTS:
            continue
        if intent == "out_of_scope":
            out_of_scope_seen += 1
            if out_of_scope_seen % OUT_OF_SCOPE_STRIDE:
                continue
        texts.append(message.get(TEXT))
    return texts
