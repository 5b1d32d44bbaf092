"""The audit log: written for every console action, shown to staff, free of message text and
visitors' contact details."""
from __future__ import annotations

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


def test_staff_see_the_latest_events_newest_first(console):
    browser = console.logged_in()
    browser.get(console.url("/staff/bookings"))
    page = browser.get(console.url("/staff/audit"))
    assert page.status_code == 200
    assert page.text.index("<td>view_bookings</td>") < page.text.index("<td>login</td>")
    assert "<td>sam</td>" in page.text


def test_the_page_shows_at_most_200_events(console):
    with console.db() as session:
        for i in range(250):
            record(session=session, action=AuditAction.VIEW_QUEUE, staff_username="sam", detail=f"n={i}")
    page = console.logged_in().get(console.url("/staff/audit")).text
    assert page.count('<tr class="audit-') == 200
    assert "<td>n=249</td>" in page and "<td>n=51</td>" in page and "<td>n=50</td>" not in page
