"""Rasa's action endpoint under `make run`: passes every call on to the action server and, while
that server is down, answers in its place with the domain's `utter_unavailable` (the clinic's
phone, the emergency number and the crisis line).

Why a small process in front of the action server: Rasa 3.6 has one action endpoint URL, and when
nothing answers there it logs the error and ends the turn without a word to the visitor. The
cluster avoids that with HAProxy and a backup server (cluster/actions_unavailable.py); on one
machine this gateway does the same job without HAProxy, and without a Rasa-side executor, which
would mean patching Rasa's private action classes. The launcher restarts the action server behind
it (clinic_assistant/launcher.py), and the gateway keeps answering in the meantime.

The stand-in reply names the response instead of carrying text, so Rasa renders it through the
clinic's NLG like any other: the words live in domain.yml, the numbers in clinic.yml. For a
form's validation it also empties the slots Rasa took from the visitor's last message, which no
validation has checked, so the form asks its question again (as the cluster's backup does).
Crisis replies never come through here: the Rasa server renders them before any custom action.

Like the action server, it refuses (401) every call but its health check that does not carry
the shared secret ACTION_SERVER_TOKEN (`Authorization: Bearer ...`, sent by Rasa from
endpoints.yml), so a local caller gets neither the action server nor the stand-in answer.

Standard library only (and the settings module, itself standard library), so it starts in a
moment and has little to fail on.
Run: python -m clinic_assistant.action_gateway --port 5055 --upstream-port 5056
"""
from __future__ import annotations

import argparse
import http.client
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from clinic_assistant.action_server_token import carries_token
from clinic_assistant.settings import SettingsError, load_action_settings

LOCALHOST = "127.0.0.1"
STAND_IN_RESPONSE = "utter_unavailable"
HEALTH_PATH = "/gateway/health"  # the gateway's own; every other path belongs to the action server
UPSTREAM_TIMEOUT_SECONDS = 300  # Rasa's own timeout for an action call
MAX_REQUEST_BYTES = 8 * 1024 * 1024  # as the action server (clinic_assistant/action_server.py)
# Per connection, not end to end: never relayed (RFC 9110, 7.6.1), and the length is recomputed.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
              "host", "content-length"}


def unvalidated_slots(call: dict[str, Any]) -> list[str]:
    """For a form's validation (`validate_<form>`), its required slots set since the visitor's last
    message: Rasa 3 fills them before any action runs, and only the validation would check them."""
    action = str(call.get("next_action") or "")
    if not action.startswith("validate_"):
        return []
    form = (call.get("domain") or {}).get("forms", {}).get(action.removeprefix("validate_")) or {}
    required = set(form.get("required_slots") or [])
    names: list[str] = []
    for event in reversed((call.get("tracker") or {}).get("events") or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") in required and event.get("name") not in names:
            names.append(event["name"])
    return names


def stand_in_answer(call: dict[str, Any]) -> dict[str, Any]:
    """What the action server would answer if it could only apologise."""
    events = [{"event": "slot", "name": name, "value": None} for name in unvalidated_slots(call)]
    return {"events": events, "responses": [{"response": STAND_IN_RESPONSE}]}


def parse_call(body: bytes) -> dict[str, Any]:
    try:
        call = json.loads(body or b"{}")
    except ValueError:
        return {}
    return call if isinstance(call, dict) else {}


class GatewayHandler(BaseHTTPRequestHandler):
    server: Gateway

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._relay()

    def do_POST(self) -> None:  # noqa: N802
        self._relay()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST  # noqa: N815

    def _relay(self) -> None:
        if self.path == HEALTH_PATH:
            self._json(200, {"status": "ok"})
            return
        if not carries_token(self.headers.get("Authorization"), self.server.token):
            self._json(401, {"error": "The action server needs its token."})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._json(413, {"error": "The request is too large."})
            return
        body = self.rfile.read(length)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(LOCALHOST, self.server.upstream_port, timeout=UPSTREAM_TIMEOUT_SECONDS)
        try:
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            reply = upstream.getresponse()
            status, reply_headers, data = reply.status, reply.getheaders(), reply.read()
        except (OSError, http.client.HTTPException) as error:
            self._action_server_down(body, error)
            return
        finally:
            upstream.close()
        self.send_response(status)
        for name, value in reply_headers:
            if name.lower() not in HOP_BY_HOP and name.lower() not in ("server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _action_server_down(self, body: bytes, error: Exception) -> None:
        if self.command == "POST" and self.path == "/webhook":
            call = parse_call(body)
            # The action's name, never the body: it holds the conversation.
            print(f"action server unreachable ({type(error).__name__}); answered {call.get('next_action')!r} "
                  f"with {STAND_IN_RESPONSE}", flush=True)
            self._json(200, stand_in_answer(call))
        else:
            self._json(503, {"error": "The action server is not running."})

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # one line per stand-in answer (above), none per relayed call


class Gateway(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, upstream_port: int, token: str, host: str = LOCALHOST) -> None:
        self.upstream_port = upstream_port
        self.token = token
        super().__init__((host, port), GatewayHandler)

    def handle_error(self, request, client_address) -> None:
        pass  # a caller that hangs up early (a health check, a stopped Rasa) is no error of ours


def main() -> None:
    parser = argparse.ArgumentParser(description="Rasa's action endpoint in front of the action server.")
    parser.add_argument("--port", type=int, required=True, help="where Rasa calls (ACTIONS_PORT)")
    parser.add_argument("--upstream-port", type=int, required=True, help="the action server's own port")
    args = parser.parse_args()
    try:
        token = load_action_settings().action_server_token
    except SettingsError as error:
        sys.exit(f"Configuration error: {error}")
    Gateway(args.port, args.upstream_port, token).serve_forever()


if __name__ == "__main__":
    main()
