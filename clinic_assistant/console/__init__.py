"""The staff console's connections to the rest of the system.

- `RasaClient`: what the console needs from the Rasa server (pause a conversation, reply into it
  as staff, hand it back). The real client talks to Rasa's HTTP API with the token
  (`clinic_assistant/console/rasa_client.py`, which provides `make_rasa_client(settings)`);
  tests pass a fake to `create_app(settings, rasa_client=...)`.
- `transcripts`: reads conversations from Rasa's SQL tracker store (read-only).
"""
from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from clinic_assistant.settings import Settings

log = logging.getLogger(__name__)


class RasaClientError(Exception):
    """The Rasa server did not do what was asked (unreachable, refused, timed out)."""


@runtime_checkable
class RasaClient(Protocol):
    """Each method acts on one conversation (Rasa's sender id) and raises on failure."""

    def pause(self, conversation_id: str) -> None:
        """Stops the bot answering (Rasa's `pause` event): staff answer instead."""

    def resume(self, conversation_id: str) -> None:
        """Lets the bot answer again (Rasa's `resume` event)."""

    def send_staff_message(self, conversation_id: str, text: str, staff_name: str) -> None:
        """Sends `text` to the visitor as a message from `staff_name`; it is stored in the tracker as a
        bot event whose `data.custom.data` is {"type": "staff_message", "staff_name": ..., "text": ...}."""

    def staff_joined(self, conversation_id: str, staff_name: str) -> None:
        """Tells the visitor that a member of staff has joined."""

    def staff_left(self, conversation_id: str, staff_name: str) -> None:
        """Tells the visitor that the member of staff has left and the assistant answers again."""


class UnavailableRasaClient:
    """Used when no client is configured: every call fails with a clear message."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _fail(self, *_args, **_kwargs) -> None:
        raise RasaClientError(self.reason)

    pause = resume = send_staff_message = staff_joined = staff_left = _fail


def default_rasa_client(settings: Settings) -> RasaClient:
    """The HTTP client from `clinic_assistant.console.rasa_client.make_rasa_client(settings)` when that
    module exists; otherwise a client whose every call fails (the console still shows transcripts)."""
    try:
        module = importlib.import_module("clinic_assistant.console.rasa_client")
    except ModuleNotFoundError as error:
        if error.name != "clinic_assistant.console.rasa_client":
            raise
        log.warning("No Rasa client (clinic_assistant/console/rasa_client.py): staff cannot reply or take over.")
        return UnavailableRasaClient("The console has no connection to the assistant (no Rasa client configured).")
    factory = getattr(module, "make_rasa_client", None)
    if factory is None:
        return UnavailableRasaClient("clinic_assistant.console.rasa_client defines no make_rasa_client(settings).")
    return factory(settings)
