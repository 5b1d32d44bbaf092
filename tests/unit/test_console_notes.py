"""Private notes on conversations and bookings (stored, audited without their words, shown on both
pages, escaped, deleted with the conversation) and the saved replies of clinic.yml."""
from __future__ import annotations

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import HandoffReason
from clinic_assistant.db.notes import notes_of_conversation
from clinic_assistant.privacy import delete_conversation_records
from clinic_assistant.references import conversation_ref

CONV = "conv-n"
CONV_REF = conversation_ref(CONV)  # what the audit names it


def test_a_note_on_a_conversation_is_stored_audited_and_shown_escaped(console):
    browser = console.logged_in()
    response = console.post(browser, f"/staff/conversations/{CONV}/notes", {"note": "Called back, <b>no answer</b>"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/conversations/{CONV}#notes-heading")
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Note saved." in page and "Called back, &lt;b&gt;no answer&lt;/b&gt;" in page and "<b>no answer" not in page
    (event,) = [e for e in console.audit() if e.action == "add_note"]
    assert event.staff_username == "sam" and event.detail.startswith(f"conversation={CONV_REF}; note=")
    assert event.detail.endswith("chars=29") and "answer" not in event.detail


def test_a_note_on_a_booking_shows_on_the_booking_and_on_its_conversation(console):
    reference = console.add_booking(CONV)
    browser = console.logged_in()
    console.post(browser, f"/staff/bookings/{reference}/notes", {"note": "Prefers mornings"})
    console.post(browser, f"/staff/conversations/{CONV}/notes", {"note": "Asked about parking"})
    booking_page = browser.get(console.url(f"/staff/bookings/{reference}")).text
    assert "Prefers mornings" in booking_page and "Asked about parking" in booking_page
    conversation_page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Prefers mornings" in conversation_page and "on a booking" in conversation_page
    assert [e.detail.split(";")[0] for e in console.audit() if e.action == "add_note"] == [
        f"booking={reference}", f"conversation={CONV_REF}"]


def test_empty_long_or_tokenless_notes_are_refused(console):
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/notes", {"note": "   "})
    assert "Write the note first." in browser.get(console.url(f"/staff/conversations/{CONV}")).text
    console.post(browser, f"/staff/conversations/{CONV}/notes", {"note": "x" * 2001})
    assert "at most 2000 characters" in browser.get(console.url(f"/staff/conversations/{CONV}")).text
    no_token = browser.post(console.url(f"/staff/conversations/{CONV}/notes"), data={"note": "hi"},
                            allow_redirects=False)
    assert no_token.status_code in (400, 403)
    assert console.post(browser, "/staff/bookings/NOPE99/notes", {"note": "hi"}).status_code == 404
    with console.db() as session:
        assert notes_of_conversation(session=session, conversation_id=CONV) == []


def test_notes_go_with_the_visitors_deletion_request(console):
    console.add_booking(CONV)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/notes", {"note": "Her number is 555-0100"})
    with session_scope(console.settings.database_url) as session:
        delete_conversation_records(session=session, conversation_id=CONV)
    with console.db() as session:
        assert notes_of_conversation(session=session, conversation_id=CONV) == []


def test_the_reply_box_offers_the_clinics_saved_replies_and_inserts_the_chosen_one(console):
    console.add_handoff(CONV, HandoffReason.CRISIS)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert '<option value="1">Crisis: are you safe right now?</option>' in page and ">Prices</option>" in page
    chosen = browser.get(console.url(f"/staff/conversations/{CONV}"), params={"reply": "1"}).text
    box = chosen[chosen.index('<textarea id="reply-text"'):]
    box = box[:box.index("</textarea>")]
    assert "call 911 now" in box and "call or text 988" in box  # filled in from clinic.yml
    prices = browser.get(console.url(f"/staff/conversations/{CONV}"), params={"reply": "2"}).text
    assert "$450 per infusion" in prices
    unknown = browser.get(console.url(f"/staff/conversations/{CONV}"), params={"reply": "99"}).text
    assert '<textarea id="reply-text" name="text" rows="3" maxlength="2000" required></textarea>' in unknown
