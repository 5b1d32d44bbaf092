"""Console log-in, sessions, CSRF and the log-in back-off, over real HTTP (SQLite and PostgreSQL app DBs)."""
from __future__ import annotations

import os
import re
import time

import pytest
import requests

from clinic_assistant.console.auth import IDLE_TIMEOUT_SECONDS
from clinic_assistant.console.login_throttle import LoginThrottle
from clinic_assistant.console.views.login import THROTTLE_KEY
from clinic_assistant.settings import load_settings
from clinic_assistant.web.app import create_app
from tests.support.console import PASSWORD


def test_login_leads_to_the_queue_with_a_hardened_cookie_and_is_audited(console):
    browser = console.browser()
    response = console.login(browser)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = browser.get(console.url("/staff/"))
    assert page.status_code == 200 and "Sam Lee" in page.text
    assert console.audit_actions()[:2] == ["login", "view_queue"]
    assert console.audit()[0].staff_username == "sam"


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(console):
    browser = console.browser()
    first = browser.get(console.url("/staff/bookings?status=new"), allow_redirects=False)
    assert first.status_code == 302 and "/staff/login?next=" in first.headers["Location"]
    page = browser.get(console.url(first.headers["Location"].removeprefix(console.base_url)))
    assert 'name="next" value="/staff/bookings?status=new"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    login = {"username": "sam", "password": PASSWORD, "csrf_token": token}
    response = browser.post(console.url("/staff/login"), data={**login, "next": "/staff/bookings?status=new"},
                            allow_redirects=False)
    assert response.headers["Location"].endswith("/staff/bookings?status=new")

    other = console.browser()
    token = console.token(other, "/staff/login")
    response = other.post(console.url("/staff/login"), allow_redirects=False,
                          data={**login, "csrf_token": token, "next": "//evil.example/staff/"})
    assert response.headers["Location"].endswith("/staff/") and "evil" not in response.headers["Location"]


def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(console):
    wrong = console.login(console.browser(), "sam", "not the password at all")
    unknown = console.login(console.browser(), "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert "Invalid username or password." in wrong.text and "Invalid username or password." in unknown.text
    strip = lambda html: re.sub(r'(value|content)="[^"]*"', "", html)  # noqa: E731 - tokens, typed name differ
    assert strip(wrong.text) == strip(unknown.text)
    failed = [e for e in console.audit() if e.action == "login_failed"]
    assert [(e.staff_username, e.detail) for e in failed] == [("sam", "wrong password"), (None, "unknown username")]


PAGES = ["/staff/", "/staff/bookings", "/staff/bookings.csv", "/staff/bookings/ABC234", "/staff/transcripts",
         "/staff/audit", "/staff/conversations/abc", "/staff/conversations/abc.txt", "/staff/logout"]
API = ["/staff/api/queue", "/staff/api/conversations/abc/events"]


def test_without_a_session_pages_send_to_the_login_and_the_api_answers_401(console):
    for path in PAGES:
        response = requests.get(console.url(path), allow_redirects=False)
        assert response.status_code == 302, path
        assert "/staff/login" in response.headers["Location"], path
    for path in API:
        response = requests.get(console.url(path), allow_redirects=False)
        assert response.status_code == 401, path
        assert response.json() == {"error": "login required"}
    for path in ["/staff/conversations/abc/take-over", "/staff/conversations/abc/messages", "/staff/logout"]:
        # Even with a valid token of an anonymous session, a POST does nothing without log-in.
        browser = console.browser()
        token = console.token(browser, "/staff/login")
        response = browser.post(console.url(path), data={"csrf_token": token, "text": "hi"}, allow_redirects=False)
        assert response.status_code == 302, path
    assert console.rasa.calls == []


def test_a_post_without_a_valid_csrf_token_gets_400(console):
    browser = console.logged_in()
    conversation = "conv-csrf"
    console.add_handoff(conversation)
    path = console.url(f"/staff/conversations/{conversation}/take-over")
    assert browser.post(path, allow_redirects=False).status_code == 400
    assert browser.post(path, data={"csrf_token": "forged"}, allow_redirects=False).status_code == 400
    assert console.rasa.calls == []
    # The token is also accepted as a header (for fetch()).
    token = console.token(browser)
    response = browser.post(path, headers={"X-CSRF-Token": token, "Accept": "application/json"})
    assert response.status_code == 200 and response.json()["ok"] is True
    # A log-in form needs one too.
    anonymous = requests.post(console.url("/staff/login"), data={"username": "sam", "password": PASSWORD})
    assert anonymous.status_code == 400


def test_login_rotates_the_session_so_a_pre_login_token_is_dead(console):
    browser = console.browser()
    before = console.token(browser, "/staff/login")
    old_cookie = browser.cookies.get("clinic_session")
    response = browser.post(console.url("/staff/login"), allow_redirects=False,
                            data={"username": "sam", "password": PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    assert browser.cookies.get("clinic_session") != old_cookie
    after = console.token(browser)
    assert after != before
    console.add_handoff("conv-rotate")
    stale = browser.post(console.url("/staff/conversations/conv-rotate/take-over"), data={"csrf_token": before},
                         allow_redirects=False)
    assert stale.status_code == 400


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(console) -> FakeClock:
    """The console's log-in throttle on a clock the test moves."""
    fake = FakeClock()
    console.app.extensions[THROTTLE_KEY] = LoginThrottle(checks_per_second=1000, clock=fake)
    return fake


def test_repeated_failures_back_off_instead_of_locking_the_account(console, clock):
    browser = console.browser()
    answers = [console.login(browser, "sam", f"wrong password {i}") for i in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401]  # three free, the fourth starts a 1 s wait
    too_soon = console.login(browser, "sam", PASSWORD)
    assert too_soon.status_code == 429 and too_soon.headers["Retry-After"] == "1"
    assert "Too many attempts; try again in 1 second." in too_soon.text
    clock.now += 1
    assert console.login(browser, "sam", "wrong password 5").status_code == 401
    clock.now += 1
    assert console.login(browser, "sam", PASSWORD).status_code == 429  # now 2 s
    clock.now += 1
    assert console.login(browser, "sam", PASSWORD).status_code == 302  # a wait, never a lock
    throttled = [e.staff_username for e in console.audit() if e.action == "login_failed" and e.detail == "throttled"]
    assert throttled == ["sam", "sam"]


def test_an_unknown_username_is_throttled_exactly_like_a_real_one(console, clock):
    real = [console.login(console.browser(), "sam", f"wrong password {i}").status_code for i in range(6)]
    clock.now += 3600 + 1  # an hour later every count has been forgotten
    unknown = [console.login(console.browser(), "ghost", f"wrong password {i}").status_code for i in range(6)]
    assert real == unknown == [401, 401, 401, 401, 429, 429]


def test_a_success_resets_the_names_failures(console, clock):
    browser = console.browser()
    for i in range(3):
        console.login(browser, "sam", f"wrong password {i}")
    assert console.login(browser, "sam", PASSWORD).status_code == 302
    for i in range(3):
        assert console.login(console.browser(), "sam", f"wrong password {i}").status_code == 401


def test_logout_ends_the_session_and_every_copy_of_its_cookie(console):
    browser = console.logged_in()
    stolen = requests.Session()
    stolen.cookies.update(browser.cookies)
    assert stolen.get(console.url("/staff/"), allow_redirects=False).status_code == 200
    assert browser.get(console.url("/staff/logout")).status_code == 200  # a confirmation page, no side effect
    response = console.post(browser, "/staff/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login")
    assert browser.get(console.url("/staff/"), allow_redirects=False).status_code == 302
    assert stolen.get(console.url("/staff/"), allow_redirects=False).status_code == 302
    assert stolen.get(console.url("/staff/api/queue")).status_code == 401
    assert "logout" in console.audit_actions()


def test_a_session_idle_for_eight_hours_is_refused(console):
    browser = console.logged_in()
    serializer = console.app.session_interface.get_signing_serializer(console.app)
    data = serializer.loads(browser.cookies.get("clinic_session"))
    domain = next(c.domain for c in browser.cookies if c.name == "clinic_session")

    def with_last_seen(seconds_ago: int) -> None:
        data["staff"]["seen"] = int(time.time()) - seconds_ago
        browser.cookies.set("clinic_session", serializer.dumps(data), domain=domain, path="/")

    with_last_seen(IDLE_TIMEOUT_SECONDS + 5)
    response = browser.get(console.url("/staff/"), allow_redirects=False)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    page = browser.get(console.url(response.headers["Location"].removeprefix(console.base_url)))
    assert "8 hours without activity" in page.text
    # Polling does not count as activity: it neither refreshes nor extends the session.
    with_last_seen(3600)
    assert browser.get(console.url("/staff/api/queue")).status_code == 200
    assert "Set-Cookie" not in browser.get(console.url("/staff/api/queue")).headers
    assert "Set-Cookie" in browser.get(console.url("/staff/")).headers


def test_staff_pages_carry_a_strict_csp_and_no_inline_script_or_style(console):
    console.make_admin()
    browser = console.logged_in()
    console.add_handoff("conv-csp")
    for path in ["/staff/login", "/staff/", "/staff/conversations/conv-csp", "/staff/bookings", "/staff/audit",
                 "/staff/transcripts"]:
        response = browser.get(console.url(path))
        assert response.status_code == 200, path
        csp = response.headers["Content-Security-Policy"]
        assert csp.startswith("default-src 'self'") and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert not re.search(r"\sstyle=", html) and "<style" not in html, path
        assert "http://" not in html.replace(console.base_url, "") and "https://" not in html, path
    assert browser.get(console.url("/static/staff/console.js")).status_code == 200
    assert "AudioContext" in browser.get(console.url("/static/staff/console.js")).text
    # The clinic's own page has its own policy: the widget talks to the Rasa server.
    home = requests.get(console.url("/")).headers["Content-Security-Policy"]
    rasa = console.settings.rasa_url
    assert f"connect-src 'self' {rasa} {rasa.replace('http', 'ws', 1)}" in home and "unsafe-inline" not in home


def test_the_session_cookie_is_secure_in_production(tmp_path):
    environ = {**os.environ, "ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/app.db"}
    app = create_app(load_settings(environ), rasa_client=object())
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_malformed_requests_to_the_console_get_a_4xx_and_the_console_keeps_working(console):
    browser = console.browser()
    console.login(browser)
    token = console.token(browser, "/staff/")
    huge = {"text": "a" * 200_000, "csrf_token": token}
    calls = [
        ("post", "/staff/login", {"data": b"\xff\xfe not a form", "headers": {"Content-Type": "text/plain"}}),
        ("post", "/staff/conversations/no-such-conversation/messages", {"data": huge}),
        ("post", "/staff/conversations/no-such-conversation/take-over", {"data": {"csrf_token": token}}),
        ("post", "/staff/bookings/NOSUCH/status", {"data": {"status": "confirmed", "csrf_token": token}}),
        ("post", "/staff/bookings/NOSUCH/status", {"data": {"status": "not-a-status", "csrf_token": token}}),
        ("get", "/staff/api/conversations/%00%ff/events?after=banana", {}),
        ("get", "/staff/bookings?from=31/31/2026&status=nope", {}),
        ("get", "/staff/bookings/%00%ff", {}),
        ("get", "/staff/conversations/%00.txt", {}),
        ("get", "/staff/transcripts?from=%00&q=%00", {}),
        ("get", "/staff/no/such/page", {}),
    ]
    for method, path, kwargs in calls:
        response = browser.request(method, console.url(path), allow_redirects=False, **kwargs)
        # A 4xx, or for a staff form the redirect back to its page with the reason shown there.
        assert response.status_code < 500, (path, response.status_code)
    assert browser.get(console.url("/staff/")).status_code == 200
