"""What the console needs from the Rasa server, and the client that does it over Rasa's HTTP API
(token-protected): pause, resume, staff messages, join/leave notices, and one of the domain's
responses (the crisis escalation's "staff have not joined yet").

`RasaClient` is the protocol; `make_rasa_client(settings)` gives the HTTP client that
`create_app(settings)` uses by default; tests pass a fake to `create_app(settings, rasa_client=...)`.

Staff messages are appended to the conversation as bot events with
`output_channel=socketio&execute_side_effects=true`, which makes the Rasa server that holds the
visitor's socket deliver them at once. They travel as custom JSON (`data.custom.data`), which
Rasa's socket.io channel emits as the `bot_uttered` payload itself, so the widget can show who
wrote them; the same data is what the console's transcript reads back.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol, runtime_checkable

from clinic_assistant.settings import Settings

TIMEOUT_SECONDS = 10


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

    def send_response(self, conversation_id: str, response: str) -> None:
        """Sends the visitor one of the domain's responses (e.g. `utter_staff_not_joined`), filled in
        by the Rasa server's NLG from clinic.yml."""


class UnavailableRasaClient:
    """A client whose every call fails with `reason` (for a console that only shows transcripts)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _fail(self, *_args, **_kwargs) -> None:
        raise RasaClientError(self.reason)

    pause = resume = send_staff_message = staff_joined = staff_left = send_response = _fail


class HttpRasaClient:
    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _append(self, conversation_id: str, events: list[dict[str, Any]], *, deliver: bool = False) -> None:
        query = {"token": self.token}
        if deliver:
            query.update(output_channel="socketio", execute_side_effects="true")
        self._post(conversation_id, "tracker/events", query, events)

    def _post(self, conversation_id: str, path: str, query: dict[str, str], body: Any) -> None:
        url = (
            f"{self.base_url}/conversations/{urllib.parse.quote(conversation_id, safe='')}/{path}?"
            + urllib.parse.urlencode(query)
        )
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as error:
            raise RasaClientError(f"Rasa refused the request (HTTP {error.code}).") from None
        except OSError as error:
            raise RasaClientError(f"Rasa is not reachable at {self.base_url}: {error}") from None

    def _notice(self, conversation_id: str, data: dict[str, Any]) -> None:
        event = {"event": "bot", "text": None, "data": {"custom": {"data": data}}}
        self._append(conversation_id, [event], deliver=True)

    def pause(self, conversation_id: str) -> None:
        self._append(conversation_id, [{"event": "pause"}])

    def resume(self, conversation_id: str) -> None:
        self._append(conversation_id, [{"event": "resume"}])

    def send_staff_message(self, conversation_id: str, text: str, staff_name: str) -> None:
        self._notice(conversation_id, {"type": "staff_message", "staff_name": staff_name, "text": text})

    def staff_joined(self, conversation_id: str, staff_name: str) -> None:
        self._notice(conversation_id, {"type": "staff_joined", "staff_name": staff_name})

    def staff_left(self, conversation_id: str, staff_name: str) -> None:
        self._notice(conversation_id, {"type": "staff_left", "staff_name": staff_name})

    def send_response(self, conversation_id: str, response: str) -> None:
        # Rasa runs the response as an action: its NLG fills the placeholders, the socket.io
        # channel delivers it to the visitor's open widget, and the tracker records it.
        self._post(conversation_id, "execute", {"token": self.token, "output_channel": "socketio"}, {"name": response})


def make_rasa_client(settings: Settings) -> HttpRasaClient:
    return HttpRasaClient(settings.rasa_url, settings.rasa_api_token)
