"""A label for a message from its meaning and its words: what the intent classifier and the FAQ
selector share.

A multinomial logistic regression over the message's MiniLM embedding (computed once per message
and shared with the FAQ gate and the risk detector, embedding.py) beside its TF-IDF word n-grams.
It trains in seconds where Rasa's neural classifiers took minutes on this project's machines, and
on the held-out NLU set it chose as well or better (docs/quality.md). Only arrays and the
vocabulary are stored (no pickles in the model).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant import logistic, word_features
from clinic_assistant.logistic import fit_logistic
from clinic_assistant.rasa_plugins import minilm
from clinic_assistant.rasa_plugins.embedding import message_embedding
from clinic_assistant.rasa_plugins.fingerprint import source_digest
from clinic_assistant.rasa_plugins.minilm import encode_training_texts
from clinic_assistant.word_features import EnglishWords


def training_code_digest(component: ModuleType) -> str:
    """A component's code and the code it trains with, for its cache key (rasa_plugins/fingerprint.py)."""
    return source_digest([component, sys.modules[__name__], word_features, logistic, minilm])


class TextClassifier:
    def __init__(self, labels: list[str], coef: np.ndarray, intercept: np.ndarray, words: EnglishWords) -> None:
        self.labels = labels
        self.coef = coef.astype(np.float32)  # (labels, features)
        self.intercept = intercept.astype(np.float32)
        self.words = words

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], *, C: float, word_weight: float) -> TextClassifier:
        """Needs examples of at least two labels."""
        names = sorted(set(labels))
        words = EnglishWords.fit(texts, weight=word_weight, min_df=1)
        features = words.features(texts, encode_training_texts(texts))
        fit = fit_logistic(features, np.array([names.index(label) for label in labels]), C=C)
        return cls(names, fit.coef, fit.intercept, words)

    def ranking(self, message: Message, length: int) -> list[tuple[str, float]]:
        """The `length` likeliest labels of the message, with their probabilities, best first."""
        features = self.words.features([message.get("text") or ""], message_embedding(message)[None, :])
        scores = np.asarray(features @ self.coef.T)[0] + self.intercept
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        return [(self.labels[i], float(probabilities[i])) for i in np.argsort(-probabilities)[:length]]

    def save(self, directory: Path, name: str) -> None:
        np.savez(directory / f"{name}.npz", coef=self.coef, intercept=self.intercept)
        (directory / f"{name}.json").write_text(json.dumps({"labels": self.labels}), encoding="utf-8")
        self.words.save(directory, f"{name}_words")

    @classmethod
    def load(cls, directory: Path, name: str) -> TextClassifier:
        labels = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))["labels"]
        with np.load(directory / f"{name}.npz", allow_pickle=False) as weights:
            coef, intercept = weights["coef"], weights["intercept"]
        return cls(labels, coef, intercept, EnglishWords.load(directory, f"{name}_words"))
