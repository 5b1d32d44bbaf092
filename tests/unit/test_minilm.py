"""The NumPy MiniLM gives the same sentence embeddings as sentence-transformers itself."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from clinic_assistant.rasa_plugins.minilm import encode_training_texts, shared_model

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text(encoding="utf-8"))


def test_embeddings_match_sentence_transformers():
    # The texts cover punctuation, accents, typos, an empty message and one past 256 tokens.
    ours = shared_model().encode(REFERENCE["texts"])
    theirs = np.array(REFERENCE["embeddings"], dtype=np.float32)
    # GELU in its tanh form moves each coordinate by at most about 4e-4; directions do not move.
    assert np.abs(ours - theirs).max() < 1e-3
    assert (ours * theirs).sum(axis=1).min() > 0.99999


def test_a_batch_gives_what_each_text_gives_alone():
    texts = ["is it safe", "how much does a course of six infusions cost in total", ""]
    together = shared_model().encode(texts)
    alone = np.vstack([shared_model().encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_similar_questions_are_closer_than_unrelated_ones():
    cost, price, router = shared_model().encode(["how much is an infusion", "what's the price", "reset my router"])
    assert cost @ price > cost @ router + 0.2


def test_training_texts_split_between_processes_get_each_message_s_embedding():
    # Enough texts for two worker processes, a repeated one, and one past 256 tokens.
    texts = [f"question number {i} about infusions" for i in range(1100)] + ["is it safe", "is it safe",
                                                                             "word " * 400]
    rows = encode_training_texts(texts)
    assert rows.shape == (len(texts), 384)
    for i in (0, 557, 1099, 1100, 1102):
        assert np.abs(rows[i] - shared_model().encode_message(texts[i])).max() < 1e-5
    assert (rows[1100] == rows[1101]).all()
    assert encode_training_texts([]).shape == (0, 384)
