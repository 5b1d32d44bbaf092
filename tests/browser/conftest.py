"""Real servers and a real browser for the widget tests.

Starts the action server, its gateway and the Rasa server as `make run` does
(clinic_assistant/launcher.py; here the trained model from MODEL_PATH, a temporary SQLite tracker
store, and ALLOWED_ORIGINS naming the page's origin and a second one, http://127.0.0.1:WEB_PORT),
a temporary app database migrated with Alembic, and the web app in-process; then drives Debian's Chromium
(/usr/bin/chromium, installed by scripts/install-chromium.sh) with Playwright. Playwright's own
browser download is never used. Screenshots of every step go to screenshots/ (git-ignored).
"""
from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from clinic_assistant import launcher
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.settings import PROJECT_ROOT, load_settings
from clinic_assistant.web.app import create_app
from tests.support.servers import Service, free_port, local_services, running, server_env

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SOCKETIO_CLIENT = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
SCREENSHOTS = PROJECT_ROOT / "screenshots"
REPLY_TIMEOUT_MS = 60_000

expect.set_options(timeout=30_000)


@pytest.fixture(scope="session", autouse=True)
def browser_prerequisites() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (run scripts/install-chromium.sh)")
    for path in (AXE, SOCKETIO_CLIENT):
        if not path.exists():
            missing.append(f"{path.relative_to(PROJECT_ROOT)} (run `npm ci`)")
    if missing:
        pytest.fail("The browser tests need: " + "; ".join(missing))


@dataclass
class Stack:
    """The running servers. `restart_rasa()` stops and starts the Rasa server on the same port."""

    tmp: Path
    rasa: Service
    rasa_port: int
    web_port: int
    token: str
    database_url: str

    @property
    def page_url(self) -> str:
        return f"http://localhost:{self.web_port}/"

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    def start_rasa(self) -> None:
        if self.rasa.running:
            return
        launcher.start(self.rasa)
        launcher.wait_healthy(self.rasa)

    def stop_rasa(self) -> None:
        launcher.stop(self.rasa)

    def restart_rasa(self) -> None:
        self.stop_rasa()
        self.start_rasa()

    def api(self, method: str, path: str, body=None) -> dict | list:
        separator = "&" if "?" in path else "?"
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.rasa_port}{path}{separator}token={self.token}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def push_to_widget(self, session_id: str, events: list[dict]) -> dict:
        """Appends events to the conversation and delivers bot events to its socket.io room, as the
        staff console does."""
        return self.api(
            "POST",
            f"/conversations/{session_id}/tracker/events?output_channel=socketio&execute_side_effects=true",
            events,
        )

    def tracker(self, session_id: str) -> dict:
        return self.api("GET", f"/conversations/{session_id}/tracker")


@pytest.fixture(scope="session")
def stack(model_path, tmp_path_factory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("browser-stack")
    database_url = f"sqlite:///{tmp}/app.db"
    upgrade(database_url)
    web_port = free_port()
    # The demo page's origin, as by default, and a second one as a clinic's own site would be.
    origins = f"http://localhost:{web_port},http://127.0.0.1:{web_port}"
    env = server_env(tmp, WEB_PORT=str(web_port), ALLOWED_ORIGINS=origins)
    settings = load_settings(env)
    services = local_services(model_path, env, tmp)
    stack = Stack(
        tmp=tmp, rasa=services["rasa"], rasa_port=settings.rasa_port, web_port=settings.web_port,
        token=settings.rasa_api_token, database_url=database_url,
    )
    web = make_server("127.0.0.1", settings.web_port, create_app(settings), threaded=True)
    web_thread = threading.Thread(target=web.serve_forever, name="web-app", daemon=True)
    web_thread.start()
    try:
        with running(services["actions"], services["action_gateway"]):
            stack.start_rasa()
            try:
                yield stack
            finally:
                stack.stop_rasa()
    finally:
        web.shutdown()
        web_thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser) -> Iterator[BrowserContext]:
    """A fresh visitor: its own localStorage, so its own session id."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page_errors() -> list[str]:
    return []


@pytest.fixture
def page(context, page_errors) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    # The page's Content-Security-Policy is enforced here: anything it blocks fails the test.
    page.on("console", lambda message: page_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    assert not page_errors, f"JavaScript errors or CSP violations on the page: {page_errors}"


@pytest.fixture
def shot(request):
    """shot(page, "name") saves screenshots/<test name>/<NN>-name.png."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = 0

    def take(page: Page, name: str) -> Path:
        nonlocal count
        count += 1
        path = folder / f"{count:02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    return take


def run_axe(page: Page) -> dict:
    """axe-core's results for the page (WCAG 2.0/2.1 A and AA rules and best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an inline <script> would be refused by the page's CSP.
        page.evaluate(AXE.read_text() + "\n;true")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            });
            return {
                version: result.testEngine.version,
                passed: result.passes.length,
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary).slice(0, 5),
                })),
            };
        }"""
    )


@pytest.fixture
def axe_check():
    """axe_check(page, label): fails on serious or critical violations; returns all of them."""

    def check(page: Page, label: str) -> list[dict]:
        result = run_axe(page)
        violations = result["violations"]
        print(f"axe-core {result['version']} [{label}]: {result['passed']} rules passed, {len(violations)} violated")
        assert result["passed"] > 20, "axe-core did not run its rules"
        for violation in violations:
            print(f"axe [{label}] {violation['impact']}: {violation['id']} ({violation['help']})")
        blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not blocking, f"axe found serious or critical violations ({label}):\n" + json.dumps(blocking, indent=2)
        return violations

    return check
