"""The classifier's thresholds: chosen on out-of-fold ordinary examples, long posts apart."""
from __future__ import annotations

import numpy as np

from clinic_assistant.risk.semantic import LABELS, SemanticRiskModel, Thresholds, is_long

RISK = LABELS.index("risk/suicide")
NONE = LABELS.index("none/none")


def _p(p_risk: float) -> np.ndarray:
    p = np.zeros(len(LABELS), np.float32)
    p[RISK], p[NONE] = p_risk, 1.0 - p_risk
    return p


def _model(short: Thresholds, long: Thresholds) -> SemanticRiskModel:
    return SemanticRiskModel(np.zeros((len(LABELS), 4), np.float32), np.zeros(len(LABELS), np.float32), short, long)


def test_a_long_post_needs_the_certainty_its_own_thresholds_ask_for():
    model = _model(Thresholds(0.4, 0.45), Thresholds(0.65, 0.7))
    assert model.judge_probabilities(_p(0.5), long=False).level == "risk"
    assert model.judge_probabilities(_p(0.5), long=True).level == "none"
    assert model.judge_probabilities(_p(0.9), long=True).level == "risk"


def test_a_post_of_fifty_words_is_long():
    assert is_long("word " * 50) and not is_long("word " * 49)


def test_thresholds_are_kept_when_the_model_is_saved_and_loaded(tmp_path):
    _model(Thresholds(0.4, 0.45), Thresholds(0.65, 0.7)).save(tmp_path, "m")
    loaded = SemanticRiskModel.load(tmp_path, "m")
    assert (loaded.short, loaded.long) == (Thresholds(0.4, 0.45), Thresholds(0.65, 0.7))


def test_long_posts_get_their_own_thresholds_from_their_own_ordinary_examples():
    rng = np.random.default_rng(0)
    # Short messages separate cleanly; long ordinary posts overlap the risk ones more.
    features, labels, long = [], [], []
    for is_long_post, spread in ((False, 4.0), (True, 1.0)):
        for label, centre in (("risk/suicide", spread), ("none/none", -spread), ("mention/topic", 0.0)):
            offset = np.array([0, 0, 0, 8.0]) if label == "mention/topic" else 0.0
            features.append(rng.normal(centre, 1.0, size=(200, 4)) + offset)
            labels += [label] * 200
            long += [is_long_post] * 200
    model = SemanticRiskModel.fit(np.vstack(features).astype(np.float32), labels, long=long)
    assert model.long.risk > model.short.risk
