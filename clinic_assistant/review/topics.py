"""The clinic's FAQ topics by meaning: every topic's centroid of its training examples' sentence
embeddings (all-MiniLM-L6-v2, rasa_plugins/minilm.py), and the topics nearest to a message.

Embedding the ~1,500 FAQ examples takes a minute or more on two busy cores, so embeddings are
cached on disk by the SHA-256 of the texts (`var/cache/review/`), and the topics once per process
and file version. Callers that need no real model (tests) pass their own `encoder`.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from clinic_assistant.settings import PROJECT_ROOT

Encoder = Callable[[list[str]], np.ndarray]
FAQ_FILE = PROJECT_ROOT / "data" / "nlu" / "faq.yml"
CACHE_DIR = PROJECT_ROOT / "var" / "cache" / "review"
FAQ_PREFIX = "faq/"
# Rasa's inline entity annotation, "[Portland](city)", read as its text.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def minilm_encoder(texts: list[str]) -> np.ndarray:
    """Unit-length MiniLM embeddings, each message read as the Rasa components read it."""
    from clinic_assistant.rasa_plugins.minilm import MESSAGE_TOKENS, shared_model

    return shared_model().encode(texts, MESSAGE_TOKENS, keep_tail=True)


def load_yaml(path: Path) -> object:
    """A YAML file, with libyaml's parser when PyYAML has it (several times faster on big files)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_nlu_examples(path: Path) -> dict[str, list[str]]:
    """Intent (e.g. "faq/cost", "out_of_scope") -> its examples, from a Rasa 3.x NLU YAML file."""
    if not path.is_file():
        return {}
    document = load_yaml(path) or {}
    examples: dict[str, list[str]] = {}
    for item in document.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        lines = str(item.get("examples") or "").splitlines()
        texts = [_ANNOTATION.sub(r"\1", line.strip()[2:]).strip() for line in lines if line.strip().startswith("- ")]
        examples.setdefault(str(item["intent"]), []).extend(t for t in texts if t)
    return examples


def embed(texts: Sequence[str], encoder: Encoder | None = None, cache_dir: Path | None = None) -> np.ndarray:
    """Embeddings of `texts`, one unit-length row each. With the default encoder and a
    `cache_dir`, read from (or written to) a cache file named by the texts' digest."""
    texts = list(texts)
    if encoder is not None or cache_dir is None:
        return np.asarray((encoder or minilm_encoder)(texts), dtype=np.float32)
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:32]
    cached = cache_dir / f"minilm-{digest}.npy"
    if cached.is_file():
        return np.load(cached, allow_pickle=False)
    vectors = np.asarray(minilm_encoder(texts), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(cached, vectors, allow_pickle=False)
    return vectors


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class FaqTopics:
    """The FAQ topics ("cost", "side_effects", ...) and each one's unit-length centroid."""

    names: tuple[str, ...]
    centroids: np.ndarray

    @classmethod
    def from_examples(cls, examples: dict[str, list[str]], encoder: Encoder | None = None,
                      cache_dir: Path | None = None) -> FaqTopics:
        topics = {k.removeprefix(FAQ_PREFIX): v for k, v in examples.items() if k.startswith(FAQ_PREFIX) and v}
        names = tuple(sorted(topics))
        texts = [text for name in names for text in topics[name]]
        vectors = embed(texts, encoder, cache_dir) if texts else np.zeros((0, 1), np.float32)
        centroids, start = [], 0
        for name in names:
            count = len(topics[name])
            centroids.append(vectors[start : start + count].mean(axis=0))
            start += count
        return cls(names, _unit(np.asarray(centroids, np.float32)) if centroids else np.zeros((0, 1), np.float32))

    def nearest(self, embeddings: np.ndarray, k: int = 2) -> list[tuple[tuple[str, float], ...]]:
        """For each embedding, the k nearest topics with their cosine similarity, nearest first."""
        if not len(self.names) or not len(embeddings):
            return [() for _ in range(len(embeddings))]
        similarities = _unit(np.asarray(embeddings, np.float32)) @ self.centroids.T
        order = np.argsort(-similarities, axis=1)[:, :k]
        return [
            tuple((self.names[j], round(float(similarities[i, j]), 3)) for j in order[i])
            for i in range(len(embeddings))
        ]


_cache: dict[tuple[str, float], FaqTopics] = {}
_cache_lock = threading.Lock()


def faq_topics(path: Path = FAQ_FILE, cache_dir: Path | None = CACHE_DIR) -> FaqTopics:
    """The topics of the FAQ file with the real model, computed once per process and file version."""
    key = (str(path), path.stat().st_mtime if path.is_file() else 0.0)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = FaqTopics.from_examples(read_nlu_examples(path), cache_dir=cache_dir)
        return _cache[key]
