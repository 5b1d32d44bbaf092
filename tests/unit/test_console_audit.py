"""The audit log: written for every console action, shown to administrators in pages of 50 with
filters, free of message text and visitors' contact details."""
from __future__ import annotations

import datetime as dt
import re

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.models import HandoffReason

CONV = "conv-audit"
SECRET_TEXT = "my sister Maria knows where I keep the pills"
CONTACT = "maria.private@example.com"


def test_a_shift_leaves_a_complete_audit_trail_without_private_text(console):
    console.tracker.user(CONV, SECRET_TEXT, intent="crisis",
                         risk={"level": "risk", "category": "overdose_poisoning", "severity": "high", "evidence": []})
    console.add_handoff(CONV, HandoffReason.CRISIS)
    reference = console.add_booking(CONV, full_name="Maria Private", contact_value=CONTACT)
    console.make_admin()  # the shift includes a CSV export
    browser = console.logged_in()
    browser.get(console.url("/staff/"))
    browser.get(console.url(f"/staff/conversations/{CONV}"))
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    console.post(browser, f"/staff/conversations/{CONV}/messages", {"text": f"Reply to {CONTACT}: {SECRET_TEXT}"})
    console.post(browser, f"/staff/conversations/{CONV}/hand-back")
    console.post(browser, f"/staff/conversations/{CONV}/resolve", {"note": f"Spoke to Maria at {CONTACT}"})
    browser.get(console.url("/staff/bookings"), params={"q": "Maria"})
    browser.get(console.url(f"/staff/bookings/{reference}"))
    console.post(browser, f"/staff/bookings/{reference}/status", {"status": "contacted"})
    browser.get(console.url("/staff/bookings.csv"), params={"q": "Maria"})
    browser.get(console.url("/staff/transcripts"), params={"q": "pills", "reason": "crisis"})
    browser.get(console.url(f"/staff/conversations/{CONV}.txt"))
    console.post(browser, "/staff/logout")
    console.login(console.browser(), "sam", "wrong password here")

    actions = console.audit_actions()
    for action in ["login", "view_queue", "view_conversation", "take_over", "send_message", "hand_back", "resolve",
                   "view_bookings", "view_booking", "booking_status", "export_bookings_csv", "search_transcripts",
                   "export_transcript", "logout", "login_failed"]:
        assert action in actions, action
    for event in console.audit():
        assert event.at is not None
        for private in (SECRET_TEXT, CONTACT, "Maria", "maria", "pills"):
            assert private not in event.detail, (event.action, event.detail)
    assert {e.staff_username for e in console.audit() if e.action != "login_failed"} == {"sam"}


def test_administrators_see_the_latest_events_newest_first(console):
    console.make_admin()
    browser = console.logged_in()
    browser.get(console.url("/staff/bookings"))
    page = browser.get(console.url("/staff/audit"))
    assert page.status_code == 200
    assert page.text.index("<td>view_bookings</td>") < page.text.index("<td>login</td>")
    assert "<td>sam</td>" in page.text


def add_events(console, count: int, action=AuditAction.VIEW_QUEUE, username: str | None = "sam") -> None:
    with console.db() as session:
        for i in range(count):
            record(session=session, action=action, staff_username=username, detail=f"n={i}")


def rows(page) -> list[str]:
    return re.findall(r"<td>(n=\d+)</td>", page.text)


def test_the_log_comes_in_pages_of_fifty_newest_first(console):
    add_events(console, 120)
    console.make_admin()
    browser = console.logged_in()
    first = browser.get(console.url("/staff/audit"), params={"action": "view_queue"})
    assert rows(first) == [f"n={i}" for i in range(119, 69, -1)]
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    third = browser.get(console.url("/staff/audit"), params={"action": "view_queue", "page": "3"})
    assert rows(third) == [f"n={i}" for i in range(19, -1, -1)]
    assert 'rel="next"' not in third.text and 'href="/staff/audit?action=view_queue&amp;page=2"' in third.text
    assert browser.get(console.url("/staff/audit"), params={"page": "-1"}).status_code == 200


def test_filters_by_action_staff_member_and_days_and_can_hide_failed_logins(console):
    console.add_staff("ana", "Ana Ruiz")
    add_events(console, 3, AuditAction.VIEW_BOOKINGS, "ana")
    add_events(console, 300, AuditAction.LOGIN_FAILED, None)  # a flood of log-ins for unknown names
    with console.db() as session:
        old = record(session=session, action=AuditAction.RESOLVE, staff_username="ana", detail="n=old")
        old.at = dt.datetime(2026, 1, 10, 12, tzinfo=dt.timezone.utc)
    console.make_admin()
    browser = console.logged_in()
    audit = lambda **params: browser.get(console.url("/staff/audit"), params=params)  # noqa: E731
    assert rows(audit(staff="ana", action="view_bookings")) == ["n=2", "n=1", "n=0"]
    assert "n=old" in audit(staff="ana").text
    assert rows(audit(**{"from": "2026-01-10", "to": "2026-01-10"})) == []
    assert "n=old" in audit(**{"from": "2026-01-10", "to": "2026-01-10"}).text
    assert len(rows(audit(staff="-"))) == 50  # the flood: anonymous failed log-ins
    # The flood does not bury the rest: hidden, the other events are on the first page.
    unflooded = audit(hide_failed_logins="1")
    assert rows(unflooded)[:3] == ["n=2", "n=1", "n=0"] and "login_failed" not in unflooded.text.split("<tbody>")[1]
    assert "n=old" in unflooded.text
    assert console.audit()[-1].action == "view_audit"
