"""IntentClassifier: a message's intent from its meaning and its words, in DIET's place.

Rasa's DIETClassifier trained for about a minute of every training on this project's machines
(plus the bag-of-words featurizers it alone read), and ran TensorFlow on every message. This is
a `TextClassifier` (the MiniLM embedding every message already gets, and its word n-grams),
chosen by cross-validation of the NLU training examples against DIET before the held-out set was
scored (docs/quality.md). It writes DIET's output: the intent with its confidence and a ranking,
which the FallbackClassifier, the FAQ gate and the risk detector read unchanged.
"""
from __future__ import annotations

import json
import sys
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier as RasaIntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.rasa_plugins.minilm import shared_model
from clinic_assistant.rasa_plugins.text_classifier import TextClassifier, training_code_digest

# Five-fold cross-validation of the NLU training examples (docs/quality.md).
C = 300.0
WORD_WEIGHT = 1.0
RANKING_LENGTH = 10  # as DIET's
STATE_FILE, CLASSIFIER_NAME = "intent_classifier.json", "intents"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentClassifier(GraphComponent, RasaIntentClassifier):
    def __init__(self, model_storage: ModelStorage, resource: Resource) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.classifier: TextClassifier | None = None
        self.only_intent: str | None = None  # the one intent of data with a single intent

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return training_code_digest(sys.modules[__name__])

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentClassifier:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> IntentClassifier:
        classifier = cls(model_storage, resource)
        with model_storage.read_from(resource) as directory:
            state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
            classifier.only_intent = state["only_intent"]
            if state["intents"] >= 2:
                classifier.classifier = TextClassifier.load(directory, CLASSIFIER_NAME)
                shared_model()  # the encoder's weights now, not on the first message
        return classifier

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts, intents = [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples]
        if len(set(intents)) >= 2:
            self.classifier = TextClassifier.fit(texts, intents, C=C, word_weight=WORD_WEIGHT)
        else:
            self.only_intent = intents[0] if intents else None
        with self._model_storage.write_to(self._resource) as directory:
            state = {"intents": len(set(intents)), "only_intent": self.only_intent}
            (directory / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
            if self.classifier is not None:
                self.classifier.save(directory, CLASSIFIER_NAME)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.classifier is not None:
                ranking = self.classifier.ranking(message, RANKING_LENGTH)
            elif self.only_intent is not None:
                ranking = [(self.only_intent, 1.0)]
            else:
                continue
            message.set(INTENT, _intent(*ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, [_intent(*entry) for entry in ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


def _intent(name: str, confidence: float) -> dict[str, Any]:
    return {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
