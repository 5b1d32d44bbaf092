"""Cache keys for the project's trainable components.

Rasa's training cache (.rasa/cache) reuses a trained component when its config and inputs are
unchanged, but it cannot see Python code: after an edit to how a component trains, the cache
would hand back the old result. Each component adds the source of the modules its training
runs through to its fingerprint (`fingerprint_addon`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType


def source_digest(modules: Iterable[ModuleType], files: Iterable[Path] = ()) -> str:
    digest = hashlib.sha256()
    for path in [*(Path(m.__file__) for m in modules), *files]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
