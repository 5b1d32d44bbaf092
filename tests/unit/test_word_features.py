"""The word half of the features of the classifiers that read meaning (risk, FAQ topic)."""
from __future__ import annotations

import numpy as np
import pytest

from clinic_assistant.word_features import EnglishWords

WORD_WEIGHT = 2.0

TRAINING = [
    "i can't do it anymore", "i want it to be over", "it hurts so much", "i took all the pills tonight",
    "how much does an infusion cost", "can i book a consultation", "what does it feel like", "is it safe",
    "do you take insurance", "i took the day off work", "how long does it take", "i want to book tonight",
]


def _word_weight(words: EnglishWords, text: str) -> float:
    row = words.features([text], np.zeros((1, 384), np.float32))[:, 384:]
    return float(np.sqrt(row.multiply(row).sum()))


def test_a_reply_with_one_known_word_does_not_carry_a_full_message_s_weight():
    # A booking reference ("it's KS-7H3K2M") once read as risk because "it" took all the weight.
    words = EnglishWords.fit(TRAINING, weight=WORD_WEIGHT, min_df=2)
    assert _word_weight(words, "it's ks-7h3k2m") < 0.5 * WORD_WEIGHT
    assert _word_weight(words, "i can't do it anymore, i took all the pills tonight") == pytest.approx(WORD_WEIGHT)


def test_the_words_survive_saving_and_loading(tmp_path):
    words = EnglishWords.fit(TRAINING, weight=WORD_WEIGHT, min_df=2)
    words.save(tmp_path, "words")
    loaded = EnglishWords.load(tmp_path, "words")
    text = ["i took the pills tonight"]
    embedding = np.ones((1, 384), np.float32)
    assert (words.features(text, embedding) != loaded.features(text, embedding)).nnz == 0
