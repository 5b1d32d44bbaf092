"""Multinomial logistic regression for the classifiers that read meaning (risk, FAQ topics).

The same model and optimiser as scikit-learn's `LogisticRegression(solver="lbfgs")`: the summed
cross-entropy plus `||W||² / 2C` (the intercept not penalised), minimised by SciPy's L-BFGS-B
with scikit-learn's stopping rule. What differs is the arithmetic. Our feature rows are a dense
sentence embedding followed by sparse word n-grams, stored as one sparse matrix; scikit-learn
multiplies the whole of it as sparse, so the 384 embedding columns, nine in ten of the stored
values, go through SciPy's single-threaded sparse product on every step. Here they are one dense
BLAS product and only the words stay sparse: about ten times less time per step for the same
steps (the risk classifier's eleven fits took two minutes of every training; docs/performance.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse


@dataclass(frozen=True)
class LogisticFit:
    classes: np.ndarray  # the labels present in `y`, sorted; rows of `coef`
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    iterations: int


def fit_logistic(
    x, y: np.ndarray, *, C: float, start: tuple[np.ndarray, np.ndarray] | None = None,
    max_iter: int = 3000, tol: float = 1e-4,
) -> LogisticFit:
    """Fits on rows `x` (dense or sparse) and labels `y`; `start`: (coef, intercept) of the
    present classes to begin from, for a fit on nearly the same rows."""
    classes, y_index = np.unique(np.asarray(y), return_inverse=True)
    if len(classes) < 2:
        raise ValueError("a classifier needs examples of at least two labels")
    blocks = _Blocks(x)
    n_classes, n_features = len(classes), x.shape[1]
    onehot = np.zeros((x.shape[0], n_classes))
    onehot[np.arange(x.shape[0]), y_index] = 1.0
    alpha = 1.0 / C

    def loss_and_gradient(w: np.ndarray) -> tuple[float, np.ndarray]:
        w = w.reshape(n_classes, n_features + 1)
        coef, intercept = w[:, :-1], w[:, -1]
        scores = blocks.times(coef) + intercept
        scores -= scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1))
        loss = float(log_norm.sum() - (scores * onehot).sum()) + 0.5 * alpha * float((coef * coef).sum())
        residual = np.exp(scores - log_norm[:, None]) - onehot  # softmax minus the truth
        gradient = np.empty_like(w)
        gradient[:, :-1] = blocks.transposed_times(residual) + alpha * coef
        gradient[:, -1] = residual.sum(axis=0)
        return loss, gradient.ravel()

    w0 = np.zeros((n_classes, n_features + 1))
    if start is not None:
        w0[:, :-1], w0[:, -1] = start
    result = optimize.minimize(
        loss_and_gradient, w0.ravel(), method="L-BFGS-B", jac=True,
        options={"gtol": tol, "maxiter": max_iter},
    )
    w = result.x.reshape(n_classes, n_features + 1)
    return LogisticFit(classes, w[:, :-1].copy(), w[:, -1].copy(), int(result.nit))


class _Blocks:
    """The rows as a dense block (the leading columns every row fills: the embedding) and a sparse
    rest, multiplied separately."""

    def __init__(self, x) -> None:
        if not sparse.issparse(x):
            self.dense, self.rest, self.rest_t = np.asarray(x, np.float64), None, None
            return
        x = sparse.csr_matrix(x, dtype=np.float64)
        filled = np.bincount(x.indices, minlength=x.shape[1]) == x.shape[0]
        width = int(np.argmin(filled)) if not filled.all() else x.shape[1]
        self.dense = x[:, :width].toarray()
        rest = x[:, width:].tocsr()
        self.rest, self.rest_t = (rest, rest.T.tocsr()) if rest.shape[1] else (None, None)

    def times(self, coef: np.ndarray) -> np.ndarray:
        """Rows times coef.T: (rows, classes)."""
        width = self.dense.shape[1]
        out = self.dense @ coef[:, :width].T
        if self.rest is not None:
            out += self.rest @ coef[:, width:].T
        return out

    def transposed_times(self, residual: np.ndarray) -> np.ndarray:
        """residual.T times rows: (classes, features)."""
        parts = [(self.dense.T @ residual).T]
        if self.rest_t is not None:
            parts.append((self.rest_t @ residual).T)
        return np.hstack(parts)
