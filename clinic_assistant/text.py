"""Text comparison shared by the NLU plug-ins and the review export."""
from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: "What's it COST?!" -> "what s it cost"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
