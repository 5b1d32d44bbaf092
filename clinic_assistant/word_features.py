"""Word unigrams and bigrams beside a sentence embedding, for the linear classifiers that read
meaning (the risk classifier, the FAQ selector).

The embedding blurs the few words that decide a message ("pills", "tonight", "insurance") into
the rest of it; TF-IDF word n-grams next to it keep them. scikit-learn vectorises, but only the
vocabulary and the IDF weights are stored (no pickles in the model).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np


class EnglishWords:
    """Word unigrams and bigrams of English text (TF-IDF over the training vocabulary).

    A row is scaled to `weight` by its length, but never by less than a typical message's: with
    plain unit length, a message with one known word ("it's KS-7H3K2M", a booking reference) put
    all its weight on "it" and read as risk (0.95); with the floor, 0.05.
    """

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, floor: float, weight: float):
        self.vectorizer = _word_vectorizer(vocabulary=vocabulary)
        self.vectorizer.idf_ = idf
        self.floor = floor
        self.weight = weight

    @classmethod
    def fit(cls, texts: Sequence[str], *, weight: float, min_df: int) -> EnglishWords:
        """`min_df`: how many training texts must use a word for it to count (2 keeps one example's
        rare word from letting the classifier memorise that example)."""
        from sklearn.utils.extmath import row_norms

        fitted = _word_vectorizer(min_df=min_df)
        rows = fitted.fit_transform(texts)
        vocabulary = {term: int(index) for term, index in fitted.vocabulary_.items()}
        floor = float(np.median(row_norms(rows)))  # the length of the median training message
        return cls(vocabulary, fitted.idf_.astype(np.float32), floor, weight)

    def features(self, texts: Sequence[str], embeddings: np.ndarray):
        """The embedding and the weighted word n-grams side by side, one sparse row per text."""
        from scipy import sparse
        from sklearn.utils.extmath import row_norms

        words = self.vectorizer.transform(list(texts))
        scale = self.weight / np.maximum(row_norms(words), self.floor)
        return sparse.hstack([sparse.csr_matrix(embeddings), sparse.diags(scale) @ words], format="csr",
                             dtype=np.float32)

    def save(self, directory: Path, name: str) -> None:
        np.save(directory / f"{name}.npy", self.vectorizer.idf_)
        state = {"vocabulary": self.vectorizer.vocabulary, "floor": self.floor, "weight": self.weight}
        (directory / f"{name}.json").write_text(json.dumps(state), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, name: str) -> EnglishWords:
        state = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        idf = np.load(directory / f"{name}.npy", allow_pickle=False)
        return cls(state["vocabulary"], idf, state["floor"], state["weight"])


def _word_vectorizer(**settings):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Unnormalised: EnglishWords.features scales each row itself.
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, norm=None, **settings)
