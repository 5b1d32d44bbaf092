"""What the page's origin needs from Rasa: the socket.io transports across origins.

The page (web app port) and Rasa (its own port) are different origins. Rasa 3.6 creates its
socket.io server with `cors_allowed_origins=[]`, which turns python-engineio's own origin checks and
CORS headers off: the WebSocket transport is accepted from any origin, and the HTTP long-polling
transport only works where Sanic-Cors adds the headers, i.e. for the origins given to
`rasa run --cors` (as `make run` does for http://localhost:WEB_PORT).
"""
from __future__ import annotations

import pytest

CONNECT = """async ([url, transports]) => new Promise(resolve => {
    const socket = io(url, {path: "/socket.io", transports, reconnection: false, timeout: 10000});
    const done = result => { clearTimeout(timer); socket.close(); resolve(result); };
    const timer = setTimeout(() => done("timeout"), 15000);
    socket.on("connect", () => socket.emit("session_request", {session_id: "0123456789abcdef0123456789abcdef"}));
    socket.on("session_confirm", () => done("confirmed via " + socket.io.engine.transport.name));
    socket.on("connect_error", error => done("connect_error: " + error.message));
})"""


@pytest.mark.parametrize(
    ("host", "transport", "expected"),
    [
        ("localhost", "websocket", "confirmed via websocket"),
        ("localhost", "polling", "confirmed via polling"),  # the origin given to --cors
        ("127.0.0.1", "websocket", "confirmed via websocket"),  # WebSocket: no origin check at all
        ("127.0.0.1", "polling", "connect_error: xhr poll error"),  # not in --cors: blocked by the browser
    ],
)
def test_socketio_transports_across_origins(stack, page, host, transport, expected):
    origin = f"http://{host}:{stack.web_port}"
    page.goto(origin + "/healthz")
    page.add_script_tag(url=origin + "/static/widget/vendor/socket.io.min.js")
    assert page.evaluate(CONNECT, [stack.rasa_url, [transport]]) == expected
