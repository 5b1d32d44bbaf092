"""The action server of last resort: what Rasa hears when none of the action servers is up.

HAProxy sends action calls here only when every action server fails its health check (a
`backup` server in cluster/haproxy.cfg). It does no work; it answers like an action server, so
the visitor is told instead of hearing nothing:
- every action: an apology naming the emergency number, the crisis line and the clinic's phone;
- a form's validation (`validate_<form>`): also empties the form's slots that Rasa extracted from
  the visitor's last message. Rasa 3 fills slots before any action runs, and the validation that
  would have rejected "my email is ..." as an e-mail address cannot run, so the form would keep
  it. Emptied, the form asks its question again, and the visitor answers once the action servers
  are back.

Run by cluster/stack.py: `python -m cluster.actions_unavailable` with ACTIONS_FALLBACK_PORT. On one
machine (`make run`) clinic_assistant/action_gateway.py does the same job in front of the action server.
Standard library only, so it starts in a moment and has nothing to fail on.
"""
from __future__ import annotations

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from clinic_assistant.action_gateway import unvalidated_slots
from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT


def apology_text(clinic_config: Path | None = None) -> str:
    path = clinic_config or Path(os.environ.get("CLINIC_CONFIG", PROJECT_ROOT / "clinic.yml"))
    facts = load_clinic_config(path).template_values()
    return (
        "I'm sorry, part of our system isn't working right now, so I couldn't do that. "
        f"If you are in immediate danger, call {facts['emergency_number']}. You can {facts['crisis_line']}. "
        f"To reach the clinic, call {facts['clinic_phone']}. Please try again in a few minutes."
    )


def answer(request: dict[str, Any], text: str) -> dict[str, Any]:
    events = [{"event": "slot", "name": name, "value": None} for name in unvalidated_slots(request)]
    return {"events": events, "responses": [{"text": text}]}


def serve(port: int) -> None:
    text = apology_text()

    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._json(200, {"status": "ok"}) if self.path == "/health" else self._json(404, {})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/webhook":
                self._json(404, {})
                return
            try:
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            except ValueError:
                request = {}
            self._json(200, answer(request if isinstance(request, dict) else {}, text))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            # One line per action call (not per health check), without the body (the conversation).
            if self.command == "POST":
                print(f"answered {self.path} in place of the action servers: {args[1:2]}", flush=True)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            # The balancer's health checks close the connection as soon as they have the status.
            pass

    Server(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    serve(int(os.environ["ACTIONS_FALLBACK_PORT"]))
