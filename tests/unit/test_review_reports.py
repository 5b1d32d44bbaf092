"""The reports' figures equal a seeded set of conversations counted by hand; CSV and charts."""
from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from clinic_assistant.db.bookings import create_booking
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import BookingStatus, Handoff, HandoffReason, HandoffStatus, ReviewLabelKind
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.db.review import MessageRef, label_message
from clinic_assistant.review.charts import bar_chart, data_table, line_chart
from clinic_assistant.review.reports import CSV_COLUMNS, Period, UnansweredCluster, build_report, csv_cell, report_csv
from tests.unit.review_support import DAY_ONE, RISK, Tracker, bag_of_words, small_topics

UTC = dt.timezone.utc
MONDAY, TUESDAY, WEDNESDAY = DAY_ONE, DAY_ONE + dt.timedelta(days=1), DAY_ONE + dt.timedelta(days=2)
SINCE = dt.datetime(2026, 11, 30, tzinfo=UTC)
UNTIL = dt.datetime(2026, 12, 2, tzinfo=UTC)


def at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.fixture
def seeded(tmp_path, database_url):
    tracker = Tracker(f"sqlite:///{tmp_path}/tracker.db")
    labels = []
    tracker.at(at(MONDAY, 9))
    tracker.user("a", "hello", "greet")
    tracker.user("a", "how much is it", "faq", topic="cost")
    tracker.reply("a", "utter_faq/cost")
    tracker.user("a", "where do i park", "nlu_fallback", 0.6)
    tracker.at(at(MONDAY, 11))
    tracker.user("b", "what is the weather", "out_of_scope", 0.8)
    tracker.user("b", "book a consultation", "book_consult")
    tracker.loop("b", "booking_form")
    labels.append(("b", tracker.user("b", "i want to die", "crisis", 1.0, risk=RISK), tracker.clock,
                   ReviewLabelKind.CONFIRMED_CRISIS))
    tracker.at(at(TUESDAY, 9))
    tracker.user("c", "what are the side effects", "faq", topic="side_effects")
    tracker.user("c", "how much is one session", "faq", topic="cost")
    labels.append(("c", tracker.user("c", "i want to end it", "crisis", 1.0, risk=RISK), tracker.clock,
                   ReviewLabelKind.FALSE_ALARM))
    tracker.user("c", "i am going to kill myself", "crisis", 1.0, risk=RISK)
    tracker.user("c", "where do i park please", "nlu_fallback", 0.5)
    tracker.user("c", "what is the weather like", "out_of_scope", 0.7)
    tracker.at(at(TUESDAY, 20))
    tracker.user("a", "thanks", "thanks")
    tracker.at(at(WEDNESDAY, 10))
    tracker.user("d", "hello", "greet")  # after the range
    tracker.user("d", "i want to die", "crisis", 1.0, risk=RISK)

    def handoff(session, conversation, reason, created, claimed=None, callback=False):
        h = Handoff(conversation_id=conversation, reason=reason, evidence=[], status=HandoffStatus.OPEN,
                    created_at=created, callback_phone="555-0100" if callback else None)
        session.add(h)
        if claimed is not None:
            h.status, h.claimed_by = HandoffStatus.CLAIMED, "sam"
            h.claimed_at = claimed

    def booking(session, created, status=BookingStatus.NEW, updated=None):
        b = create_booking(session=session, conversation_id="b", full_name="Jane Doe", contact_kind="email",
                           contact_value="jane@example.com", preferred_start=created, preferred_window=None,
                           preferred_label="x", is_adult=True, contact_consent=True)
        b.created_at, b.status, b.updated_at = created, status, updated or created

    with session_scope(database_url) as session:
        for sender, event_id, moment, kind in labels:
            label_message(session=session, message=MessageRef(sender, event_id, moment.timestamp()), kind=kind,
                          staff_username="sam")
        handoff(session, "b", HandoffReason.CRISIS, at(MONDAY, 10), claimed=at(MONDAY, 10, 4))
        handoff(session, "e", HandoffReason.REQUEST_HUMAN, at(MONDAY, 22), callback=True)
        handoff(session, "c", HandoffReason.CRISIS, at(TUESDAY, 9), claimed=at(TUESDAY, 9, 10))
        handoff(session, "c2", HandoffReason.CRISIS, at(TUESDAY, 12), claimed=at(TUESDAY, 12, 2))
        handoff(session, "c3", HandoffReason.CRISIS, at(TUESDAY, 15))
        handoff(session, "f", HandoffReason.REQUEST_HUMAN, at(TUESDAY, 16))
        handoff(session, "g", HandoffReason.CRISIS, at(WEDNESDAY, 9))  # after the range
        booking(session, at(MONDAY, 12))
        booking(session, at(TUESDAY, 10), BookingStatus.CANCELLED, at(TUESDAY, 18))
        booking(session, at(MONDAY - dt.timedelta(days=1), 10), BookingStatus.CANCELLED, at(MONDAY, 13))
    yield database_url, tracker.url
    tracker.dispose()
    dispose_tracker_engines()


def report(seeded, period=Period.DAY):
    database_url, tracker_url = seeded
    return build_report(database_url, tracker_url, since=SINCE, until=UNTIL, period=period,
                        topics=small_topics(), encoder=bag_of_words)


def figures(row):
    return {name: getattr(row, name) for name in CSV_COLUMNS if name != "period_start" and hasattr(row, name)}


def test_daily_figures_match_the_hand_count(seeded):
    monday, tuesday = report(seeded).rows
    assert (monday.start, tuesday.start) == (dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    assert figures(monday) == {
        "conversations": 2, "messages": 6, "faq_answered": 1, "faq_share": pytest.approx(1 / 6),
        "fallbacks": 1, "fallback_rate": pytest.approx(1 / 6), "out_of_scope": 1,
        "out_of_scope_rate": pytest.approx(1 / 6), "risk_detections": 1, "risk_confirmed": 1,
        "risk_false_alarms": 0, "risk_unreviewed": 0, "handoffs_crisis": 1, "handoffs_request_human": 1,
        "crisis_claimed": 1, "crisis_unclaimed": 0, "claim_median_seconds": 240.0, "claim_worst_seconds": 240.0,
        "after_hours_callbacks": 1, "bookings_started": 1, "bookings_confirmed": 1, "bookings_cancelled": 1,
    }
    assert figures(tuesday) == {
        "conversations": 2, "messages": 7, "faq_answered": 2, "faq_share": pytest.approx(2 / 7),
        "fallbacks": 1, "fallback_rate": pytest.approx(1 / 7), "out_of_scope": 1,
        "out_of_scope_rate": pytest.approx(1 / 7), "risk_detections": 2, "risk_confirmed": 0,
        "risk_false_alarms": 1, "risk_unreviewed": 1, "handoffs_crisis": 3, "handoffs_request_human": 1,
        "crisis_claimed": 2, "crisis_unclaimed": 1, "claim_median_seconds": 360.0, "claim_worst_seconds": 600.0,
        "after_hours_callbacks": 0, "bookings_started": 0, "bookings_confirmed": 1, "bookings_cancelled": 1,
    }
    assert monday.handoffs_by_reason == {"crisis": 1, "request_human": 1}


def test_weekly_figures_and_totals_match_the_hand_count(seeded):
    weekly = report(seeded, Period.WEEK)
    (week,) = weekly.rows
    expected = {
        "conversations": 3, "messages": 13, "faq_answered": 3, "fallbacks": 2, "out_of_scope": 2,
        "risk_detections": 3, "risk_confirmed": 1, "risk_false_alarms": 1, "risk_unreviewed": 1,
        "handoffs_crisis": 4, "handoffs_request_human": 2, "crisis_claimed": 3, "crisis_unclaimed": 1,
        "claim_median_seconds": 240.0, "claim_worst_seconds": 600.0, "after_hours_callbacks": 1,
        "bookings_started": 1, "bookings_confirmed": 2, "bookings_cancelled": 2,
    }
    assert week.start == dt.date(2026, 11, 30)
    assert {k: v for k, v in figures(week).items() if k in expected} == expected
    totals = report(seeded).totals()
    assert {k: getattr(totals, k) for k in expected if k != "bookings_started"} == {
        k: v for k, v in expected.items() if k != "bookings_started"}


def test_unanswered_messages_are_counted_by_meaning_without_their_words(seeded):
    assert report(seeded).unanswered == [
        UnansweredCluster("cluster 1", 2), UnansweredCluster("near: location_hours", 2),
    ]


def test_a_day_without_anything_is_a_row_of_zeros(seeded):
    database_url, tracker_url = seeded
    empty = build_report(database_url, tracker_url, since=SINCE - dt.timedelta(days=3), until=SINCE,
                         topics=small_topics(), encoder=bag_of_words)
    assert len(empty.rows) == 3 and all(r.messages == 0 and r.faq_share is None for r in empty.rows)
    assert empty.unanswered == []


def test_the_csv_has_a_row_per_period_and_no_formulas(seeded):
    rows = list(csv.reader(io.StringIO(report_csv(report(seeded)))))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["2026-11-30", "2026-12-01"]
    assert rows[1][CSV_COLUMNS.index("faq_share")] == "0.1667"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell("-1") == "'-1" and csv_cell(None) == ""


def test_charts_are_svg_with_a_title_a_description_of_every_value_and_escaped_labels():
    svg = bar_chart("msgs", "Messages per day", ["Mon", "<Tue>"], [6, 7])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "msgs-title msgs-desc"
    assert root.find(f"{ns}title").text == "Messages per day"
    assert root.find(f"{ns}desc").text == "Messages per day. Mon: 6; <Tue>: 7"
    assert len(root.findall(f"{ns}rect")) == 2
    lines = ET.fromstring(line_chart("rates", "Rates", ["Mon", "Tue"], {"FAQ": [16.7, 28.6], "Fallback": [None, 14.3]},
                                     unit="%"))
    assert "FAQ: Mon 16.70%, Tue 28.60%." in lines.find(f"{ns}desc").text
    assert "Fallback: Mon no data" in lines.find(f"{ns}desc").text
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    with pytest.raises(ValueError):
        bar_chart('x" onload="alert(1)', "t", [], [])


def test_the_data_table_is_the_text_alternative():
    table = data_table("Messages per day", ["day", "messages"], [["Mon", 6], ["<b>", None]])
    root = ET.fromstring(table)
    assert root.find("caption").text == "Messages per day"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "row", "row"]
    assert "&lt;b&gt;" in table


def test_the_report_page_figures_are_well_formed_and_hold_no_message_text(seeded):
    from clinic_assistant.review.report_figures import report_figures

    figures = report_figures(report(seeded))
    assert [f.chart_id for f in figures] == ["messages", "rates", "risk", "claim", "handoffs", "bookings", "unanswered"]
    for figure in figures:
        ET.fromstring(figure.svg)
        ET.fromstring(figure.table)
        for text in ("where do i park", "weather", "i want to die"):
            assert text not in figure.svg and text not in figure.table
    assert "Median: Mon 30 Nov 4, Tue 01 Dec 6." in ET.fromstring(figures[3].svg).find("{http://www.w3.org/2000/svg}desc").text
