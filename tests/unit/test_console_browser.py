"""The console's JavaScript in a real browser (Debian's Chromium through Playwright, as the widget's
browser tests use it): the queue refreshes by itself and raises the crisis banner and tone, the
conversation appends new messages with marked evidence, a reply goes out without a reload, nothing
breaks the Content-Security-Policy, and axe-core finds no serious accessibility problem.

Skipped when Chromium, Playwright or axe-core (node_modules) is missing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from clinic_assistant.console.views.review import REVIEW_MODELS_KEY
from clinic_assistant.db.models import HandoffReason
from clinic_assistant.settings import PROJECT_ROOT
from tests.support.console import PASSWORD, running_console
from tests.unit.review_support import bag_of_words, small_topics

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
RISK = {"level": "risk", "category": "suicide_self_harm", "severity": "high", "evidence": ["kill myself"]}
# Counts the tones the page makes (each beep is one oscillator).
COUNT_OSCILLATORS = """
  window.oscillators = 0;
  const make = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.oscillators++; return make.apply(this, arguments); };
"""

# The set-up (`make setup`) installs Playwright, Chromium and axe-core: missing ones are a failure.
import playwright.sync_api as playwright_api  # noqa: E402


@pytest.fixture
def console(app_database, tmp_path):
    with running_console(app_database, tmp_path) as console:
        yield console


@pytest.fixture
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def log_in(console, page) -> None:
    page.goto(console.url("/staff/"))
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def serious_axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}))
           .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_the_live_queue_and_conversation_work_under_the_strict_csp(console, browser):
    expect = playwright_api.expect
    console.add_handoff("waiting", minutes_ago=20)
    console.tracker.user("conv-live", "hello")
    console.add_handoff("conv-live", minutes_ago=3)
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(COUNT_OSCILLATORS)
    log_in(console, page)

    expect(page.get_by_role("heading", name="Handoff queue")).to_be_visible()
    page.get_by_role("button", name="Sound alerts: off").click()
    expect(page.get_by_role("button", name="Sound alerts: on")).to_have_attribute("aria-pressed", "true")
    tones = page.evaluate("window.oscillators")
    banner = page.get_by_role("alert").filter(has_text="crisis")
    expect(banner).to_be_hidden()
    console.add_handoff("new-crisis", HandoffReason.CRISIS, risk_category="overdose_poisoning")
    expect(banner).to_contain_text("New crisis handoff (overdose_poisoning): conversation new-crisis", timeout=10_000)
    assert page.evaluate("window.oscillators") > tones
    expect(page.locator("#queue-body tr").first).to_contain_text("Crisis")
    expect(page.locator("#waiting-crises")).to_contain_text("1 crisis handoff(s) waiting")
    page.get_by_role("button", name="Dismiss").click()
    expect(banner).to_be_hidden()

    page.get_by_role("link", name="Open conv-live").click()
    page.get_by_role("button", name="Take over").click()
    expect(page.get_by_text("You have taken over")).to_be_visible()
    page.get_by_label("Message to the visitor").fill("Hi, I'm Sam from the clinic.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#reply-status")).to_have_text("Sent.")
    expect(page.get_by_label("Message to the visitor")).to_have_value("")
    expect(page.locator("#transcript")).to_contain_text("Hi, I'm Sam from the clinic.", timeout=10_000)
    tones = page.evaluate("window.oscillators")
    console.tracker.user("conv-live", "honestly I want to kill myself", intent="crisis", risk=RISK)
    expect(page.locator("#transcript mark")).to_have_text("kill myself", timeout=10_000)
    expect(page.get_by_role("alert").filter(has_text="Crisis message")).to_be_visible()
    assert page.evaluate("window.oscillators") > tones
    assert console.rasa.calls[-1] == ("send_staff_message", "conv-live", "Hi, I'm Sam from the clinic.", "Sam Lee")
    assert problems == [], problems  # includes any Content-Security-Policy violation


def test_the_console_pages_pass_axe(console, browser):
    assert AXE.exists(), "axe-core is missing: run `make setup` (npm ci)"
    console.add_handoff("conv-a11y", HandoffReason.CRISIS, risk_category="suicide_self_harm")
    console.tracker.user("conv-a11y", "I want to kill myself", intent="crisis", risk=RISK)
    reference = console.add_booking("conv-a11y")
    # The review inbox and the reports with something in them, on small stand-in topics.
    console.app.extensions[REVIEW_MODELS_KEY] = (small_topics(), bag_of_words)
    console.tracker.user("conv-a11y", "where do i park", intent="nlu_fallback")
    page = browser.new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    page.goto(console.url("/staff/login"))
    assert serious_axe_violations(page) == []
    log_in(console, page)
    console.make_admin()  # the audit log and the accounts page are administrators' pages
    for path in ["/staff/", "/staff/conversations/conv-a11y", "/staff/conversations/conv-a11y?reply=1",
                 "/staff/bookings", f"/staff/bookings/{reference}", "/staff/transcripts", "/staff/audit",
                 "/staff/accounts",
                 "/staff/review", "/staff/review?show=all", "/staff/reports", "/staff/reports?period=week"]:
        page.goto(console.url(path))
        violations = serious_axe_violations(page)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"
