"""`make model` and `make test`: the trained model for the current sources, trained only when needed.

The model is made from the training data, the domain, the config, the code of the project's own
Rasa components and the pinned packages. Their fingerprint is stored next to the model; when it
matches, the model is reused, so an unchanged model is never retrained by `make run` or the test
run. When it differs, `rasa train` runs with Rasa's component cache (.rasa/cache): only the
components whose inputs changed are retrained (the project's components put their own source in
their cache key, see rasa_plugins/fingerprint.py).

Prints the model's path on the last line of its output.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# What the model is made from: any change here means a new model.
INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "safety/training",
    "clinic_assistant/rasa_plugins",
    "clinic_assistant/risk",
    "clinic_assistant/word_features.py",
    "clinic_assistant/logistic.py",
    "clinic_assistant/text.py",
    "requirements.lock",
)
SOURCE_SUFFIXES = {".yml", ".yaml", ".py", ".lock"}


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if file.suffix in SOURCE_SUFFIXES and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "models", help="folder of the model")
    parser.add_argument("--force", action="store_true", help="train even when the fingerprint matches")
    args = parser.parse_args()
    model = args.out / "clinic.tar.gz"
    stamp = args.out / "clinic.fingerprint"
    current = fingerprint()
    if not args.force and model.is_file() and stamp.is_file() and stamp.read_text().strip() == current:
        print(f"Model {model} is up to date (nothing it is made from changed): not retraining.")
    else:
        print("Training: the data, domain, config or the components' code changed since the last model.")
        rasa = Path(sys.executable).with_name("rasa")
        # Rasa's cache keeps unchanged components; a failed training leaves no stale stamp behind.
        stamp.unlink(missing_ok=True)
        subprocess.run(
            [str(rasa), "train", "--fixed-model-name", "clinic", "--out", str(args.out)],
            cwd=PROJECT_ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, check=True,
        )
        stamp.write_text(current + "\n")
    print(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
