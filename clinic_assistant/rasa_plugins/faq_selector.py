"""FaqSelector: which FAQ answer a question gets, read from its meaning and its words.

It does the job of Rasa's ResponseSelector for the `faq` retrieval intent. The ResponseSelector
trains a neural network over the NLU's bag-of-words features: 3.5 of the 12 minutes of a training
from scratch on this project's machines, and one more TensorFlow call per message. This selector
is a `TextClassifier` (the message's meaning and words): it trains in seconds, and on the held-out
NLU set it picked the right answer more often (docs/quality.md).

It writes Rasa's own `response_selector` property, so Rasa's retrieval action (`utter_faq`),
`rasa test nlu` and the fallback's topic suggestions read it unchanged.
"""
from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key

from clinic_assistant.rasa_plugins.minilm import shared_model
from clinic_assistant.rasa_plugins.text_classifier import TextClassifier, training_code_digest

# Chosen by five-fold cross-validation of the FAQ training examples (docs/quality.md): words
# beside the embedding 0.898 against 0.885 for the embedding alone; C 10 and 30 within 0.004.
C = 30.0
WORD_WEIGHT = 1.0
RANKING_LENGTH = 10  # as Rasa's ResponseSelector
STATE_FILE, CLASSIFIER_NAME = "faq_selector.json", "faq_topics"

# Rasa's recipe validator warns that response examples go unused when its own ResponseSelector is
# not in the pipeline; this component uses them.
warnings.filterwarnings("ignore", message="You have defined training data with examples for training a response")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqSelector(GraphComponent, IntentClassifier):
    @classmethod
    def get_default_config(cls) -> dict[str, Any]:
        return {"retrieval_intent": "faq"}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.retrieval_intent = config["retrieval_intent"]
        self._model_storage = model_storage
        self._resource = resource
        self.labels: list[str] = []  # intent response keys, "faq/cost"
        self.classifier: TextClassifier | None = None  # None with a single topic
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.all_retrieval_intents: list[str] = []

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return training_code_digest(sys.modules[__name__])

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> FaqSelector:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> FaqSelector:
        selector = cls.create(config, model_storage, resource, execution_context)
        with model_storage.read_from(resource) as directory:
            state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
            if len(state["labels"]) >= 2:
                selector.classifier = TextClassifier.load(directory, CLASSIFIER_NAME)
                shared_model()  # the encoder's weights now, not on the first message
        selector.labels, selector.responses = state["labels"], state["responses"]
        selector.all_retrieval_intents = state["all_retrieval_intents"]
        return selector

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) == self.retrieval_intent]
        texts = [m.get(TEXT) for m in examples]
        keys = [m.get(INTENT_RESPONSE_KEY) for m in examples]
        self.all_retrieval_intents = sorted(training_data.retrieval_intents)
        self.responses = training_data.responses
        self.labels = sorted(set(keys))
        if len(self.labels) >= 2:
            self.classifier = TextClassifier.fit(texts, keys, C=C, word_weight=WORD_WEIGHT)
        self._persist()
        return self._resource

    def _persist(self) -> None:
        state = {"labels": self.labels, "responses": self.responses,
                 "all_retrieval_intents": self.all_retrieval_intents}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
            if self.classifier is not None:
                self.classifier.save(directory, CLASSIFIER_NAME)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.labels:
                self._set_prediction(message, self._ranking(message))
        return messages

    def _ranking(self, message: Message) -> list[dict[str, Any]]:
        if self.classifier is None:  # a single topic: nothing to choose between
            return [{PREDICTED_CONFIDENCE_KEY: 1.0, INTENT_RESPONSE_KEY: self.labels[0]}]
        return [
            {PREDICTED_CONFIDENCE_KEY: probability, INTENT_RESPONSE_KEY: key}
            for key, probability in self.classifier.ranking(message, RANKING_LENGTH)
        ]

    def _set_prediction(self, message: Message, ranking: list[dict[str, Any]]) -> None:
        """The shape Rasa's ResponseSelector gives the `response_selector` property."""
        best = ranking[0]
        utter_action = intent_response_key_to_template_key(best[INTENT_RESPONSE_KEY])
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.all_retrieval_intents
        properties[self.retrieval_intent] = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action, []),
                PREDICTED_CONFIDENCE_KEY: best[PREDICTED_CONFIDENCE_KEY],
                INTENT_RESPONSE_KEY: best[INTENT_RESPONSE_KEY],
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: ranking,
        }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
