"""The reports page and its CSV over HTTP: figures equal a seeded set counted by hand (days in the
clinic's time zone, America/Los_Angeles), every chart has a text alternative, and neither the page
nor the files quote a visitor's words."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from clinic_assistant.console.views.review import REVIEW_MODELS_KEY
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus
from tests.unit.review_support import RISK, Tracker, bag_of_words, small_topics

UTC = dt.timezone.utc
DAY_1 = dt.datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # 09:00 on 1 December in Los Angeles
DAY_2 = dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
RANGE = {"from": "2026-12-01", "to": "2026-12-02"}
VISITOR_WORDS = ["Paris", "weather", "park", "want to die", "how much", "one session", "consultation"]


@pytest.fixture
def seeded(console):
    console.app.extensions[REVIEW_MODELS_KEY] = (small_topics(), bag_of_words)
    store = Tracker(console.tracker.url)
    store.at(DAY_1)
    store.user("r1", "hello", "greet")
    store.user("r1", "how much is it", "faq", topic="cost")
    store.user("r1", "what's the weather in <b>Paris</b>", "out_of_scope", 0.8)
    store.user("r1", "where do i park", "nlu_fallback", 0.6)
    store.user("r2", "book a consultation", "book_consult")
    store.loop("r2", "booking_form")
    crisis = store.user("r2", "i want to die", "crisis", 1.0, risk=RISK)
    store.at(DAY_2)
    store.user("r3", "hello", "greet")
    store.user("r3", "how much is one session", "faq", topic="cost")
    with console.db() as session:
        session.add(Handoff(conversation_id="r2", reason=HandoffReason.CRISIS, evidence=[],
                            status=HandoffStatus.CLAIMED, claimed_by="sam", created_at=DAY_1 + dt.timedelta(minutes=5),
                            claimed_at=DAY_1 + dt.timedelta(minutes=8)))
        session.add(Handoff(conversation_id="r3", reason=HandoffReason.REQUEST_HUMAN, evidence=[],
                            status=HandoffStatus.OPEN, created_at=DAY_2 + dt.timedelta(minutes=5),
                            callback_phone="555-0100"))
    console.add_booking("r2", created_at=DAY_1 + dt.timedelta(minutes=30))
    browser = console.logged_in()
    # The crisis is confirmed in the review inbox: the reports count it as confirmed.
    console.post(browser, "/staff/review/label", {"conversation_id": "r2", "event_id": str(crisis),
                                                  "kind": "confirmed_crisis"})
    yield console, browser
    store.dispose()


def test_the_page_shows_the_hand_counted_totals_and_a_chart_with_a_table_for_each_figure(seeded):
    console, browser = seeded
    page = browser.get(console.url("/staff/reports"), params=RANGE).text
    cells = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', page))
    assert cells["Conversations"] == "3" and cells["Visitor messages"] == "8"
    assert cells["Answered from the FAQ"] == "2 (25.0%)"
    assert cells["Fallback"] == "1 (12.5%)" and cells["Out of scope"] == "1 (12.5%)"
    assert cells["Risk detections"] == "1: 1 confirmed, 0 false alarm(s), 0 not reviewed"
    assert cells["Handoffs"] == "1 crisis, 1 asked for a person"
    assert cells["Time to claim a crisis"] == "median 3.0 min, worst 3.0 min; 0 never claimed"
    assert cells["After-hours call-backs"] == "1"
    assert cells["Bookings"] == "1 started, 1 confirmed, 0 cancelled"
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([\w-]+)-title \1-desc"', page)
    assert len(charts) == 7
    for chart in charts:
        assert f'<title id="{chart}-title">' in page and f'<desc id="{chart}-desc">' in page
    assert page.count("<details>") == 7 and page.count("<caption>") >= 7
    assert "<script" not in page.split("</head>")[1]  # no chart library
    assert not [w for w in VISITOR_WORDS if w in page]
    assert console.audit()[-1].action == "view_reports"
    assert console.audit()[-1].detail == "period=day; from=2026-12-01; to=2026-12-02"


def read_csv(response) -> list[dict[str, str]]:
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="report-')
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_day_with_the_hand_counted_figures_and_no_message_text(seeded):
    console, browser = seeded
    console.make_admin()
    response = browser.get(console.url("/staff/reports.csv"), params=RANGE)
    day_1, day_2 = read_csv(response)
    assert {k: day_1[k] for k in ("period_start", "conversations", "messages", "faq_answered", "fallbacks",
                                  "out_of_scope", "risk_confirmed", "handoffs_crisis", "claim_median_seconds",
                                  "bookings_started", "bookings_confirmed")} == {
        "period_start": "2026-12-01", "conversations": "2", "messages": "6", "faq_answered": "1", "fallbacks": "1",
        "out_of_scope": "1", "risk_confirmed": "1", "handoffs_crisis": "1", "claim_median_seconds": "180.0000",
        "bookings_started": "1", "bookings_confirmed": "1",
    }
    assert (day_2["period_start"], day_2["messages"], day_2["handoffs_request_human"],
            day_2["after_hours_callbacks"]) == ("2026-12-02", "2", "1", "1")
    unanswered = browser.get(console.url("/staff/reports.csv"), params={**RANGE, "kind": "unanswered"})
    groups = read_csv(unanswered)
    assert sum(int(g["messages"]) for g in groups) == 2
    assert all(re.fullmatch(r"near: \w+|cluster \d+", g["cluster"]) for g in groups)
    for body in (response.text, unanswered.text):
        assert not [w for w in VISITOR_WORDS if w in body]
    assert [e.detail for e in console.audit() if e.action == "export_report_csv"] == [
        "periods; period=day; from=2026-12-01; to=2026-12-02", "unanswered; period=day; from=2026-12-01; to=2026-12-02"]


def test_per_week_the_two_days_are_one_row_starting_on_monday(seeded):
    console, browser = seeded
    console.make_admin()
    (week,) = read_csv(browser.get(console.url("/staff/reports.csv"), params={**RANGE, "period": "week"}))
    assert (week["period_start"], week["conversations"], week["messages"]) == ("2026-11-30", "3", "8")


def test_bad_dates_are_explained_and_the_range_is_capped(seeded):
    console, browser = seeded
    page = browser.get(console.url("/staff/reports"), params={"from": "2020-01-01", "to": "not-a-date"}).text
    assert "&#39;to&#39; must be a date like 2026-12-01" in page
    assert "At most 366 days at once" in page
