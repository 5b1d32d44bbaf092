"""The action server of last resort: what Rasa hears when none of the action servers is up.

HAProxy sends action calls here only when every action server fails its health check (a
`backup` server in cluster/haproxy.cfg). It does no work; it answers like an action server, so
the visitor is told instead of hearing nothing. The answer is the action gateway's stand-in
(clinic_assistant/action_gateway.py, which does the same job on one machine under `make run`):
- every action: the domain's `utter_unavailable`, which Rasa renders with the clinic's phone, the
  emergency number and the crisis line (the words in domain.yml, the numbers in clinic.yml);
- a form's validation (`validate_<form>`): also empties the form's slots that Rasa extracted from
  the visitor's last message. Rasa 3 fills slots before any action runs, and the validation that
  would have rejected "my email is ..." as an e-mail address cannot run, so the form would keep
  it. Emptied, the form asks its question again, and the visitor answers once the action servers
  are back.

Run by cluster/stack.py: `python -m cluster.actions_unavailable --port ACTIONS_FALLBACK_PORT`.
Standard library only, so it starts in a moment and has nothing to fail on.
"""
from __future__ import annotations

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from clinic_assistant.action_gateway import parse_call, stand_in_answer


def serve(port: int) -> None:
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
            call = parse_call(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            self._json(200, stand_in_answer(call))

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
    parser = argparse.ArgumentParser(description="The cluster's action server of last resort.")
    parser.add_argument("--port", type=int, required=True)
    serve(parser.parse_args().port)
