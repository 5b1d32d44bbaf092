"""Shared helpers for evaluations that run the trained model in-process (NLU only)."""
from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = REPO_ROOT / "models" / "clinic.tar.gz"
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"


def load_parser(model: Path) -> Callable[[str], dict]:
    """A function text -> Rasa parse result, from the trained model (risk detector included)."""
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    import structlog
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level through structlog; an evaluation wants figures only.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger().setLevel(logging.WARNING)

    if not model.exists():
        raise SystemExit(f"No model at {model}: run `make train` first.")
    loop = asyncio.new_event_loop()
    agent = Agent.load(str(model))
    return lambda text: loop.run_until_complete(agent.parse_message(text))


def parse_all(parse: Callable[[str], dict], texts: Iterable[str]) -> list[dict]:
    return [parse(text) for text in texts]


def faq_topic(result: dict) -> str | None:
    """The FAQ topic the assistant would answer with, or None when it would not give an FAQ answer."""
    if result["intent"]["name"] != "faq":
        return None
    return result["response_selector"]["faq"]["response"]["intent_response_key"].split("/", 1)[1]


_parse: Callable[[str], dict] | None = None


def pipeline_says_crisis(text: str) -> bool:
    """For `eval_risk.py --classifier`: the full NLU pipeline (intent classifier + RiskDetector) decides crisis."""
    global _parse
    if _parse is None:
        _parse = load_parser(Path(os.environ.get("MODEL_PATH", DEFAULT_MODEL)))
    return _parse(text)["intent"]["name"] == "crisis"
