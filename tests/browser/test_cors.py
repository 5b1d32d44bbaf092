"""Which web pages may talk to the assistant over socket.io: the origins of ALLOWED_ORIGINS.

The page (web app port) and Rasa (its own port) are different origins. Rasa 3.6 creates its
socket.io server with `cors_allowed_origins=[]`, which turns python-engineio's origin check off:
the WebSocket transport would be accepted from any page. The project's channel gives engineio the
origins of ALLOWED_ORIGINS instead, so a clinic can embed the widget on its own site, and every
other page is refused on both transports. The browser stack allows the demo page's origin
(http://localhost:WEB_PORT, also given to `rasa run --cors`) and http://127.0.0.1:WEB_PORT.
"""
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.support.servers import free_port

CONNECT = """async ([url, transports]) => new Promise(resolve => {
    const socket = io(url, {path: "/socket.io", transports, reconnection: false, timeout: 10000});
    const done = result => { clearTimeout(timer); socket.close(); resolve(result); };
    const timer = setTimeout(() => done("timeout"), 15000);
    socket.on("connect", () => socket.emit("session_request", {session_id: "0123456789abcdef0123456789abcdef"}));
    socket.on("session_confirm", () => done("confirmed via " + socket.io.engine.transport.name));
    socket.on("connect_error", error => done("connect_error: " + error.message));
})"""


class BlankPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        body = b"<!doctype html><title>Another site</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def another_site() -> Iterator[str]:
    """A web page of an origin that ALLOWED_ORIGINS does not name."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), BlankPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=10)


def connect_from(page, origin: str, stack, transport: str) -> str:
    page.goto(origin + "/healthz")  # a page without the widget, which would open a socket of its own
    # The web app's own pages allow scripts from their own origin only (CSP 'self'); another site's
    # page loads the client from the web app, as a clinic's site embedding the widget does.
    own_page = origin.endswith(f":{stack.web_port}")
    script_origin = origin if own_page else f"http://localhost:{stack.web_port}"
    page.add_script_tag(url=f"{script_origin}/static/widget/vendor/socket.io.min.js")
    return page.evaluate(CONNECT, [stack.rasa_url, [transport]])


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_page_of_an_allowed_origin_connects(stack, page, host, transport):
    # localhost: the default origin (also in --cors); 127.0.0.1: the clinic's own site, say.
    assert connect_from(page, f"http://{host}:{stack.web_port}", stack, transport) == f"confirmed via {transport}"


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_page_of_another_origin_is_refused(stack, page, another_site, transport):
    result = connect_from(page, another_site, stack, transport)
    assert result.startswith("connect_error"), result
