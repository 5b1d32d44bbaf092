"""Runs the web app on WEB_PORT: `python -m clinic_assistant.web`."""
from clinic_assistant.settings import get_settings
from clinic_assistant.web.app import create_app

settings = get_settings()
create_app(settings).run(host="127.0.0.1", port=settings.web_port, debug=False)
