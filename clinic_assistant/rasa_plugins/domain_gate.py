"""DomainGate: a second opinion on FAQ answers that does not come from a softmax.

The intent classifier and the FAQ selector must pick one of the intents they know, so a question from far
outside the clinic's field ("how do I reset my router") can still come out as an FAQ topic with
high confidence. The gate asks instead: how close is this message in meaning to the nearest FAQ
training example (cosine similarity of all-MiniLM-L6-v2 sentence embeddings, minilm.py)? An FAQ
prediction for a message further from every FAQ example than almost all FAQ examples are from
each other becomes `out_of_scope`. The bar is learned from the training data alone: the 5th
percentile of each FAQ example's similarity to its nearest other FAQ example. The other way round,
a fallback whose first choice was the FAQ intent becomes that intent when the message is an FAQ
example word for word (a follow-up button's question). Other intents are left alone, and the
RiskDetector comes after it and has the last word.
"""
from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_assistant.rasa_plugins import minilm
from clinic_assistant.rasa_plugins.embedding import message_embedding
from clinic_assistant.rasa_plugins.fingerprint import source_digest
from clinic_assistant.rasa_plugins.intents import override_intent
from clinic_assistant.rasa_plugins.minilm import encode_training_texts, shared_model
from clinic_assistant.text import normalise

FAQ_INTENT = "faq"
OUT_OF_SCOPE_INTENT = "out_of_scope"
FALLBACK_INTENT = "nlu_fallback"
PERCENTILE = 5
STATE_FILE = "domain_gate.json"
EMBEDDINGS_FILE = "faq_embeddings.npy"


class NearestFaq:
    """Similarity in meaning of a text to its nearest FAQ example."""

    def __init__(self, faq_embeddings: np.ndarray) -> None:
        # Loaded here, with the model, so that the first FAQ question does not wait for the weights.
        self.encoder = shared_model()
        self.faq = faq_embeddings  # unit-length rows, so a dot product is the cosine

    @classmethod
    def of_texts(cls, faq_texts: list[str]) -> NearestFaq:
        return cls(encode_training_texts(faq_texts))

    def similarity(self, embedding: np.ndarray) -> float:
        return float((embedding @ self.faq.T).max()) if len(self.faq) else 0.0

    def typical_lowest_similarity(self) -> float:
        """The PERCENTILE-th percentile of each FAQ example's similarity to its nearest other one."""
        if len(self.faq) < 2:
            return 0.0  # nothing to compare with: the gate lets every FAQ prediction through
        similarities = self.faq @ self.faq.T
        np.fill_diagonal(similarities, -1.0)
        return float(np.percentile(similarities.max(axis=1), PERCENTILE))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class DomainGate(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        # It must come after the classifiers in config.yml; declaring them here would make
        # Rasa's train-graph validation look for them among this node's training inputs.
        return []

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, nearest: NearestFaq | None, threshold: float,
        faq_questions: frozenset[str] = frozenset(),
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.nearest = nearest
        self.threshold = threshold
        # The FAQ examples, word for word: a follow-up button sends one of them, since Rasa cannot
        # trigger a retrieval intent from a payload.
        self.faq_questions = faq_questions

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return source_digest([sys.modules[__name__], minilm])  # see rasa_plugins/fingerprint.py

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DomainGate:
        return cls(model_storage, resource, None, 0.0)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> DomainGate:
        with model_storage.read_from(resource) as directory:
            state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
            embeddings = np.load(directory / EMBEDDINGS_FILE, allow_pickle=False)
        questions = frozenset(state.get("faq_questions", []))
        return cls(model_storage, resource, NearestFaq(embeddings), state["threshold"], questions)

    def train(self, training_data: TrainingData) -> Resource:
        examples = training_data.intent_examples
        faq_texts = [m.get(TEXT) for m in examples if m.get(INTENT) == FAQ_INTENT]
        self.nearest = NearestFaq.of_texts(faq_texts)
        self.threshold = self.nearest.typical_lowest_similarity()
        self.faq_questions = frozenset(normalise(text) for text in faq_texts)
        state = {"threshold": self.threshold, "faq_questions": sorted(self.faq_questions)}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
            np.save(directory / EMBEDDINGS_FILE, self.nearest.faq, allow_pickle=False)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if self.nearest is None:
                continue
            if intent.get("name") == FAQ_INTENT:
                if self.nearest.similarity(message_embedding(message)) < self.threshold:
                    override_intent(message, OUT_OF_SCOPE_INTENT, intent.get("confidence", 1.0))
            elif intent.get("name") == FALLBACK_INTENT and (faq := _best_classified(message)) is not None:
                # An FAQ question asked word for word (a follow-up button) is answered even when
                # the intent classifier's confidence fell just under the fallback threshold.
                if normalise(message.get(TEXT) or "") in self.faq_questions:
                    override_intent(message, FAQ_INTENT, faq["confidence"])
        return messages


def _best_classified(message: Message) -> dict | None:
    """The classifiers' first choice under the fallback, when it is the FAQ intent."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
    return ranking[0] if ranking and ranking[0].get("name") == FAQ_INTENT else None
