"""Flask application factory for the clinic's page and the staff console (/staff)."""
from __future__ import annotations

from flask import Flask, abort, render_template, send_from_directory

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.console import blueprint as console
from clinic_assistant.console.rasa_client import RasaClient, make_rasa_client
from clinic_assistant.console.request_helpers import CLINIC_CONFIG_KEY, SETTINGS_KEY
from clinic_assistant.settings import PROJECT_ROOT, Settings
from clinic_assistant.web import security_headers


def create_app(settings: Settings, rasa_client: RasaClient | None = None) -> Flask:
    """`rasa_client` is what the console uses to pause, resume and reply into conversations; by
    default the HTTP client to Rasa's API (clinic_assistant/console/rasa_client.py; tests pass a fake)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.console_secret_key,
        SESSION_COOKIE_NAME="clinic_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Always in production; elsewhere whenever the request came over HTTPS (security_headers.py).
        SESSION_COOKIE_SECURE=settings.is_production or settings.served_over_https,
        # Forms here are a log-in, a note or a staff message; a bigger body is refused with 413.
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    clinic = load_clinic_config(settings.clinic_config_path)
    app.extensions[SETTINGS_KEY] = settings
    app.extensions[CLINIC_CONFIG_KEY] = clinic
    console.register(app, rasa_client=rasa_client if rasa_client is not None else make_rasa_client(settings))

    security_headers.install(app, settings)

    @app.get("/")
    def home():
        return render_template("home.html", clinic=clinic, rasa_url=settings.rasa_url)

    # The chat widget loads the socket.io client from beside itself. It comes from the npm
    # registry through package-lock.json (`npm ci` in the set-up), never from a CDN.
    socketio_dist = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist"

    @app.get("/static/widget/vendor/<name>")
    def widget_vendor(name: str):
        if name not in ("socket.io.min.js", "socket.io.min.js.map"):
            abort(404)
        return send_from_directory(socketio_dist, name, max_age=3600)

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    return app
