"""Item 4 of issue 16, "Console under attack", against the real web app: `make run`'s command
(waitress, clinic_assistant/web/__main__.py) in its own process, behind a pretend reverse proxy
(TRUSTED_PROXIES=127.0.0.1, so X-Forwarded-For names the attacker), with the real argon2 costs.
The global cap, roles, the audit log and the HTTPS cookie use the in-process console
(tests/support/console.py), where the cap and the clock are easier to hold still."""
from __future__ import annotations

import re

import pytest
import requests

from clinic_assistant import launcher
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.db.models import StaffRole
from clinic_assistant.db.staff import create_staff_user
from clinic_assistant.settings import load_settings
from tests.support.console import PASSWORD, Console, running_console
from tests.support.servers import running, server_env

OUTSIDER = "203.0.113.7"
ELSEWHERE = "198.51.100.2"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """The web app as `make run` starts it, with one staff account, sam."""
    tmp = tmp_path_factory.mktemp("web")
    env = server_env(tmp, TRUSTED_PROXIES="127.0.0.1", LOGIN_CHECKS_PER_SECOND="1000")
    settings = load_settings(env)
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        create_staff_user(session=session, username="sam", display_name="Sam Lee", password=PASSWORD)
    service = launcher.Service("web", launcher.web_command(), env, f"http://127.0.0.1:{settings.web_port}/",
                               tmp / "web.log", port=settings.web_port)
    with running(service):
        yield Console(f"http://127.0.0.1:{settings.web_port}", settings, None, None, None)


def attempt(web: Console, browser: requests.Session, name: str, password: str, address: str) -> requests.Response:
    token = web.token(browser, "/staff/login")
    return browser.post(web.url("/staff/login"), data={"username": name, "password": password, "csrf_token": token},
                        headers={"X-Forwarded-For": f"10.9.9.9, {address}"}, allow_redirects=False)


def test_the_web_app_is_served_by_waitress_not_the_development_server(web):
    assert requests.get(web.url("/healthz")).headers["Server"] == "clinic-assistant"


def test_an_outsider_hammering_a_staff_name_cannot_keep_that_staff_member_out_of_a_known_device(web):
    staff = web.browser()
    assert attempt(web, staff, "sam", PASSWORD, ELSEWHERE).status_code == 302  # the device is now known
    web.post(staff, "/staff/logout")
    outsider = web.browser()
    # The outsider even shares the staff member's address (the clinic's own network).
    answers = [attempt(web, outsider, "sam", f"guess number {i}", ELSEWHERE).status_code for i in range(8)]
    assert answers[:4] == [401] * 4 and 429 in answers
    assert attempt(web, web.browser(), "sam", PASSWORD, ELSEWHERE).status_code == 429  # a new browser waits
    assert attempt(web, staff, "sam", PASSWORD, ELSEWHERE).status_code == 302  # the known device does not


def test_an_address_that_keeps_failing_is_made_to_wait_and_other_addresses_are_not(web):
    outsider = web.browser()
    answers = [attempt(web, outsider, f"name{i}", "a wrong password", OUTSIDER) for i in range(24)]
    statuses = [a.status_code for a in answers]
    assert statuses[:20] == [401] * 20 and statuses[-1] == 429, statuses
    waited = answers[-1]
    assert int(waited.headers["Retry-After"]) >= 1
    assert re.search(r"Too many attempts; try again in \d+ seconds?\.", waited.text)
    assert attempt(web, web.browser(), "name99", "a wrong password", "192.0.2.55").status_code == 401


@pytest.fixture
def capped(tmp_path):
    url = f"sqlite:///{tmp_path}/app.db"
    upgrade(url)
    with running_console(url, tmp_path, environ={"LOGIN_CHECKS_PER_SECOND": "2", "TRUSTED_PROXIES": "127.0.0.1"}) as c:
        yield c


def test_the_global_cap_answers_excess_attempts_without_checking_a_password(capped, monkeypatch):
    from clinic_assistant.db import staff as staff_store

    checks = []
    real_verify = staff_store._verify
    monkeypatch.setattr(staff_store, "_verify", lambda *args: checks.append(1) or real_verify(*args))
    # Many addresses at once (a botnet): no per-address back-off applies, the cap does.
    answers = [attempt(capped, capped.browser(), f"user{i}", "wrong password", f"198.18.0.{i}") for i in range(12)]
    statuses = [a.status_code for a in answers]
    assert statuses.count(429) >= 6 and set(statuses) == {401, 429}, statuses
    assert len(checks) == statuses.count(401)  # the refused ones cost no argon2 check
    assert all("try again in 1 second" in a.text for a in answers if a.status_code == 429)


ADMIN_PAGES = ["/staff/bookings.csv", "/staff/reports.csv", "/staff/audit", "/staff/accounts"]


@pytest.fixture
def console(tmp_path):
    url = f"sqlite:///{tmp_path}/app.db"
    upgrade(url)
    with running_console(url, tmp_path) as c:
        yield c


def test_exports_staff_accounts_and_the_audit_log_are_for_administrators_only(console):
    staff = console.logged_in()
    for path in ADMIN_PAGES:
        page = staff.get(console.url(path))
        assert page.status_code == 403, path
        assert "Only an administrator can open this page" in page.text
    assert console.post(staff, "/staff/accounts/sam/role", {"role": "admin"}).status_code == 403
    assert console.staff_user().role == "staff"
    assert 'href="/staff/audit"' not in staff.get(console.url("/staff/")).text
    console.add_staff("ada", "Ada Admin", role=StaffRole.ADMIN)
    admin = console.logged_in("ada")
    assert all(admin.get(console.url(path)).status_code == 200 for path in ADMIN_PAGES if "reports" not in path)
    assert console.post(admin, "/staff/accounts/sam/role", {"role": "admin"}).status_code == 302
    assert console.staff_user().role == "admin"
    assert console.audit()[-1].detail == "sam: staff -> admin"


def test_a_login_flood_cannot_push_real_events_out_of_view(console):
    console.make_admin()
    browser = console.logged_in()
    browser.get(console.url("/staff/bookings"))
    with console.db() as session:
        for _ in range(500):
            record(session=session, action=AuditAction.LOGIN_FAILED, staff_username=None, detail="unknown username")
    flooded = browser.get(console.url("/staff/audit")).text
    assert "<td>view_bookings</td>" not in flooded  # the first page is all flood...
    for params in ({"hide_failed_logins": "1"}, {"staff": "sam"}, {"action": "view_bookings"}):
        assert "<td>view_bookings</td>" in browser.get(console.url("/staff/audit"), params=params).text, params
    assert 'rel="next"' in flooded  # ...and the rest is a page away, not gone


@pytest.mark.parametrize(
    "environ, headers, secure",
    [
        ({}, {}, False),
        ({"PUBLIC_URL": "https://chat.clinic.example"}, {}, True),
        ({"TRUSTED_PROXIES": "127.0.0.1"}, {"X-Forwarded-Proto": "https"}, True),
        ({}, {"X-Forwarded-Proto": "https"}, False),  # not from a trusted proxy: anyone can send it
    ],
)
def test_the_session_cookie_is_secure_whenever_the_site_is_served_over_https(tmp_path, environ, headers, secure):
    url = f"sqlite:///{tmp_path}/app.db"
    upgrade(url)
    with running_console(url, tmp_path, environ=environ) as console:
        browser = console.browser()
        token = console.token(browser, "/staff/login")
        for cookie in browser.cookies:
            cookie.secure = False  # the test speaks plain HTTP to the app, as the proxy would
        response = browser.post(console.url("/staff/login"), headers=headers, allow_redirects=False,
                                data={"username": "sam", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        cookies = response.raw.headers.getlist("Set-Cookie")
        assert {c.split("=")[0] for c in cookies} == {"clinic_session", "clinic_device"}
        assert all(("; Secure" in c) is secure for c in cookies), cookies
        hsts = console.app.test_client().get("/", headers=headers).headers.get("Strict-Transport-Security")
        assert hsts is None  # ENV=test: HSTS only in production


def test_hsts_is_sent_in_production_over_https(tmp_path):
    from clinic_assistant.web.app import create_app

    secret = "a-real-secret-" + "x" * 40
    environ = {"ENV": "production", "RASA_API_TOKEN": secret, "CONSOLE_SECRET_KEY": secret,
               "ACTION_SERVER_TOKEN": secret, "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
               "PUBLIC_URL": "https://chat.clinic.example"}
    app = create_app(load_settings(environ), rasa_client=object())
    assert app.test_client().get("/healthz").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_widget_page_and_the_console_carry_a_csp_without_inline_code(web):
    home = requests.get(web.url("/"))
    csp = home.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'self'", f"connect-src 'self' {web.settings.rasa_url}"):
        assert directive in csp, directive
    assert "unsafe-inline" not in csp and home.headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=", home.text)
    login = requests.get(web.url("/staff/login"))
    assert "frame-ancestors 'none'" in login.headers["Content-Security-Policy"]
    assert login.headers["X-Frame-Options"] == "DENY"
