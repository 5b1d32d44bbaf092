"""The action server: rasa_sdk's own app, serving the `actions` package, with two guards.

rasa_sdk answers a call whose body is JSON but not an action call (`[1]`, `{}`) with a 500 that
echoes the body back, and takes bodies of up to 100 MB. Here such calls get a 400 and bodies are
capped. Run: python -m clinic_assistant.action_server --port 5055 (what `make run` does).
"""
from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

# Every call carries the conversation's tracker: generous for a long conversation, not unbounded.
MAX_REQUEST_BYTES = 8 * 1024 * 1024


def malformed_call(request: Request) -> str | None:
    """Why this POST /webhook body is not an action call, or None when it is one."""
    if request.headers.get("Content-Encoding") == "deflate":
        return None  # compressed calls from Rasa: rasa_sdk decompresses and reads them
    try:
        call = request.json
    except InvalidUsage:
        return "The body must be JSON."
    if not isinstance(call, dict):
        return "The body must be a JSON object."
    if not isinstance(call.get("next_action"), str) or not isinstance(call.get("tracker"), dict):
        return 'An action call needs "next_action" (a string) and "tracker" (an object).'
    return None


def create(package: str = "actions") -> Sanic:
    app = create_app(package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES

    @app.on_request
    async def refuse_malformed_calls(request: Request):
        if request.path == "/webhook" and request.method == "POST":
            reason = malformed_call(request)
            if reason:
                return response.json({"error": reason}, status=400)
        return None

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the clinic's action server.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    # Only the Rasa servers call it: local by default.
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    create().run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
