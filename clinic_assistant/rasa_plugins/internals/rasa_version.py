"""The Rasa versions whose private names `compat.py` was checked against, and the check.

Standard library only, so that every plug-in can run the check first, cheaply, before it imports
anything of Rasa (clinic_assistant/rasa_plugins/__init__.py).
"""
from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

# 3.6.21 is the version in requirements.lock, whose source compat.py was read against. Later 3.6
# patch releases only fix security issues and are let in (tests/unit/test_rasa_compat.py checks
# the names on whatever is installed); 3.7 and later changed the tracker and the policies.
SUPPORTED_RASA = "3.6.x with x >= 21"
SUPPORTED_SERIES = (3, 6)
LOWEST_PATCH = 21


class UnsupportedRasaVersion(RuntimeError):
    """The installed Rasa is not one whose private names this project was checked against."""


def check_rasa_version(installed: str) -> None:
    """Raises UnsupportedRasaVersion unless `installed` is in SUPPORTED_RASA."""
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)(.*)$", installed.strip())
    supported = (
        match is not None
        and (int(match[1]), int(match[2])) == SUPPORTED_SERIES
        and int(match[3]) >= LOWEST_PATCH
        and not match[4]  # no pre-releases: their internals are not final
    )
    if not supported:
        raise UnsupportedRasaVersion(
            f"Rasa {installed} is installed, but the clinic assistant's plug-ins use private parts of "
            f"Rasa that were checked only for Rasa {SUPPORTED_RASA} (clinic_assistant/rasa_plugins/"
            f"internals/compat.py). Install the version in requirements.lock (make setup), or check "
            f"each name in compat.py against the new version before widening SUPPORTED_RASA."
        )


def require_supported_rasa() -> None:
    try:
        installed = version("rasa")
    except PackageNotFoundError as error:
        raise UnsupportedRasaVersion("Rasa is not installed in this environment (make setup).") from error
    check_rasa_version(installed)
