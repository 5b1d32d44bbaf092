"""The action server: rasa_sdk's own app, serving the `actions` package, with two guards.

rasa_sdk answers a call whose body is JSON but not an action call (`[1]`, `{}`) with a 500, and
any action's error with a 500 that echoes the whole body (the tracker, health details included);
it takes bodies of up to 100 MB, and compressed ones without a limit, and it answers any local
caller. Here a call without the shared secret (ACTION_SERVER_TOKEN, which Rasa sends as
`Authorization: Bearer ...` from endpoints.yml) gets a 401, malformed calls a 400, compressed
ones a 415, errors a 500 without the body, and bodies are capped. Only /health is open.
Run: python -m clinic_assistant.action_server --port 5055 (what `make run` does).
"""
from __future__ import annotations

import argparse
import logging
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import InvalidUsage, SanicException
from sanic.request import Request

from clinic_assistant.action_server_token import carries_token
from clinic_assistant.settings import SettingsError, load_action_settings

logger = logging.getLogger(__name__)

# Every call carries the conversation's tracker: generous for a long conversation, not unbounded.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
OPEN_PATHS = ("/health",)  # for the launcher's and the balancer's health checks


def malformed_call(request: Request) -> str | None:
    """Why this POST /webhook body is not an action call, or None when it is one."""
    try:
        call = request.json
    except InvalidUsage:
        return "The body must be JSON."
    if not isinstance(call, dict):
        return "The body must be a JSON object."
    if not isinstance(call.get("next_action"), str) or not isinstance(call.get("tracker"), dict):
        return 'An action call needs "next_action" (a string) and "tracker" (an object).'
    return None


def create(token: str, package: str = "actions") -> Sanic:
    """The app; every call but /health must carry `token`."""
    app = create_app(package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES

    @app.on_request
    async def refuse_calls_without_the_token(request: Request):
        if request.path not in OPEN_PATHS and not carries_token(request.headers.get("Authorization"), token):
            return response.json({"error": "The action server needs its token."}, status=401)
        return None

    @app.on_request
    async def refuse_malformed_calls(request: Request):
        if request.path == "/webhook" and request.method == "POST":
            # Rasa compresses only with RASA_COMPRESS_ACTION_SERVER_REQUEST, which we never set;
            # rasa_sdk would inflate such a body without any size limit.
            if request.headers.get("Content-Encoding"):
                return response.json({"error": "Compressed action calls are not accepted."}, status=415)
            reason = malformed_call(request)
            if reason:
                return response.json({"error": reason}, status=400)
        return None

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception):
        if isinstance(exception, SanicException):  # 404, 405, 413, ...: the client's mistake
            return response.json({"error": str(exception)}, status=exception.status_code)
        logger.error("An action call failed", exc_info=exception)  # never the body: health details
        return response.json({"error": "The action failed."}, status=500)

    return app


def main() -> None:
    try:
        settings = load_action_settings()
    except SettingsError as error:
        sys.exit(f"Configuration error: {error}")
    parser = argparse.ArgumentParser(description="Run the clinic's action server.")
    parser.add_argument("--port", type=int, default=settings.actions_port)
    parser.add_argument("--host", default=settings.actions_host)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    create(settings.action_server_token).run(args.host, args.port, workers=1, access_log=False)

if __name__ == "__main__":
    main()
