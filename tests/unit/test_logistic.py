"""The classifiers' logistic regression finds scikit-learn's solution, on the rows they train on."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from clinic_assistant.logistic import fit_logistic


def embedding_and_words(rows=400, width=24, words=300, seed=3):
    """Rows shaped as the classifiers' are: a dense embedding, then sparse word columns."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, rows)
    centres = rng.normal(size=(4, width))
    embedding = centres[y] + rng.normal(scale=1.5, size=(rows, width))
    word_columns = sparse.random(rows, words, density=0.02, random_state=seed, format="csr")
    return sparse.hstack([sparse.csr_matrix(embedding), word_columns], format="csr"), y


@pytest.mark.parametrize("as_sparse", [True, False])
def test_it_finds_the_same_classifier_as_scikit_learn(as_sparse):
    x, y = embedding_and_words()
    x = x if as_sparse else x.toarray()
    theirs = LogisticRegression(C=16.0, max_iter=3000).fit(x, y)
    ours = fit_logistic(x, y, C=16.0)
    assert list(ours.classes) == list(theirs.classes_)
    np.testing.assert_allclose(ours.coef, theirs.coef_, atol=2e-3)
    np.testing.assert_allclose(ours.intercept, theirs.intercept_, atol=2e-3)
    assert (np.argmax(x @ ours.coef.T + ours.intercept, axis=1) == theirs.predict(x)).all()


def test_labels_missing_from_the_rows_are_not_classes_and_a_start_is_taken():
    x, y = embedding_and_words()
    kept = y != 2
    full = fit_logistic(x, y, C=16.0)
    present = np.array([0, 1, 3])
    part = fit_logistic(x[kept], y[kept], C=16.0, start=(full.coef[present], full.intercept[present]))
    assert list(part.classes) == [0, 1, 3]
    assert part.coef.shape == (3, x.shape[1])


def test_one_label_is_refused_with_a_clear_message():
    x, _ = embedding_and_words(rows=20)
    with pytest.raises(ValueError, match="at least two labels"):
        fit_logistic(x, np.zeros(20, int), C=1.0)
