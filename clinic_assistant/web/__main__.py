"""Runs the web app on WEB_PORT with waitress, a production WSGI server: a fixed pool of
WEB_THREADS threads (Flask's own server starts a thread per connection, without a bound) and a
cap on open connections; requests beyond them wait in the queue. `python -m clinic_assistant.web`.

The web app needs nothing from Flask's development server: the widget talks to Rasa's socket.io
directly, and the console's pages poll plain JSON (/staff/api/*)."""
from waitress import serve

from clinic_assistant.settings import get_settings
from clinic_assistant.web.app import create_app

# Open connections at once (waitress's default); the rest wait in the listen backlog.
CONNECTION_LIMIT = 100

settings = get_settings()
# X-Forwarded-For/-Proto reach the app, which believes them only from TRUSTED_PROXIES (addresses and
# CIDR ranges: clinic_assistant/console/client.py); waitress would otherwise drop them all, and its
# own trusted_proxy takes a single address.
serve(create_app(settings), host="127.0.0.1", port=settings.web_port, threads=settings.web_threads,
      connection_limit=CONNECTION_LIMIT, ident="clinic-assistant", clear_untrusted_proxy_headers=False)
