"""Security headers of every response of the web app, and the session cookie's Secure flag.

- A Content-Security-Policy on every page: scripts, styles and images from this app only (no CDN,
  no inline script or style: the templates load files), the widget's socket.io connection to the
  Rasa server, no plug-ins, no <base>, forms to this app only. The console may not be framed at
  all; the public page only by this site.
- HSTS when the site is served over HTTPS in production (a browser ignores it over plain HTTP).
- The session cookie is Secure whenever the visitor came over HTTPS (PUBLIC_URL, the request, or a
  trusted proxy's X-Forwarded-Proto: clinic_assistant/console/client.py), whatever ENV says.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from clinic_assistant.console.client import request_is_https
from clinic_assistant.settings import Settings

STAFF_PATH_PREFIXES = ("/staff", "/static/staff/")
HSTS = "max-age=31536000; includeSubDomains"


def websocket_origin(http_origin: str) -> str:
    """ws://host:port for http://host:port (wss for https): socket.io's websocket needs its own."""
    parts = urlsplit(http_origin)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def content_security_policy(*, connect_to: tuple[str, ...] = (), framed_by: str = "'none'") -> str:
    connect = " ".join(("'self'", *connect_to, *(websocket_origin(o) for o in connect_to)))
    return "; ".join((
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        f"connect-src {connect}", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        f"frame-ancestors {framed_by}",
    ))


def install(app: Flask, settings: Settings) -> None:
    """Adds the headers to every response and the HTTPS-aware Secure flag to the session cookie."""
    rasa_origin = f"{urlsplit(settings.rasa_url).scheme}://{urlsplit(settings.rasa_url).netloc}"
    staff_headers = {
        # The console shows transcripts and contact details: never framed, cached or fed other scripts.
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    site_headers = {
        # The widget talks to the Rasa server's socket.io (data-server-url on the page).
        "Content-Security-Policy": content_security_policy(connect_to=(rasa_origin,), framed_by="'self'"),
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    app.session_interface = HttpsAwareSessionInterface(settings)

    @app.after_request
    def security_headers(response):
        headers = staff_headers if request.path.startswith(STAFF_PATH_PREFIXES) else site_headers
        for name, value in {**headers, "X-Content-Type-Options": "nosniff"}.items():
            response.headers.setdefault(name, value)
        if settings.is_production and request_is_https(settings):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, Secure when SESSION_COOKIE_SECURE says so or the request
    came over HTTPS (asked per request: the same app may be reached both ways in development)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (bool(request) and request_is_https(self.settings))
