"""Bookings in the console: filters, detail, status changes, CSV export (with the formula guard)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from clinic_assistant.console.views.bookings import csv_cell
from clinic_assistant.db.bookings import booking_by_reference
from clinic_assistant.db.models import BookingStatus
from clinic_assistant.references import conversation_ref

UTC = dt.timezone.utc


@pytest.fixture
def bookings(console):
    """Three bookings. The clinic is in Los Angeles: 07:00 UTC on 20 November is still the 19th there."""
    return {
        "jane": console.add_booking("conv-jane", created_at=dt.datetime(2026, 11, 20, 7, 0, tzinfo=UTC)),
        "omar": console.add_booking(
            "conv-omar", full_name="Omar Haddad", contact_kind="phone", contact_value="+1 555 010 0100",
            created_at=dt.datetime(2026, 11, 20, 18, 0, tzinfo=UTC),
        ),
        "evil": console.add_booking(
            "conv-evil", full_name='=HYPERLINK("http://evil.example","x")', contact_value="@evil.example",
            created_at=dt.datetime(2026, 11, 21, 18, 0, tzinfo=UTC), screening={},
        ),
    }


@pytest.fixture
def browser(console, bookings):
    return console.logged_in()


def listed(console, browser, bookings, **params) -> set[str]:
    """The references of the bookings the list page shows."""
    page = browser.get(console.url("/staff/bookings"), params=params)
    assert page.status_code == 200
    return {ref for ref in bookings.values() if f'href="/staff/bookings/{ref}"' in page.text}


def test_the_list_filters_by_status_date_and_text(console, bookings, browser):
    with console.db() as session:
        booking = booking_by_reference(session=session, reference=bookings["omar"])
        booking.status = BookingStatus.CONTACTED
    assert listed(console, browser, bookings) == set(bookings.values())
    assert listed(console, browser, bookings, status="contacted") == {bookings["omar"]}
    assert listed(console, browser, bookings, status="new") == {bookings["jane"], bookings["evil"]}
    assert listed(console, browser, bookings, **{"from": "2026-11-19", "to": "2026-11-19"}) == {bookings["jane"]}
    assert listed(console, browser, bookings, **{"from": "2026-11-20"}) == {bookings["omar"], bookings["evil"]}
    assert listed(console, browser, bookings, q="haddad") == {bookings["omar"]}
    assert listed(console, browser, bookings, q=bookings["jane"].lower()) == {bookings["jane"]}
    assert listed(console, browser, bookings, q="%") == set()
    page = browser.get(console.url("/staff/bookings"), params={"to": "soon"}).text
    assert "must be a date like 2026-12-01" in page
    details = [e.detail for e in console.audit() if e.action == "view_bookings"]
    assert "status=contacted" in details and "text search" in details
    assert not any("haddad" in d.lower() for d in details)


def test_the_detail_page_shows_the_booking_and_its_screening(console, bookings, browser):
    page = browser.get(console.url(f"/staff/bookings/{bookings['jane'].lower()}"))
    assert page.status_code == 200
    assert "Jane Doe" in page.text and "jane@example.com" in page.text
    assert "<td>adult</td><td>yes</td>" in page.text and "<td>psychosis_history</td><td>no</td>" in page.text
    assert 'href="/staff/conversations/conv-jane"' in page.text
    evil = browser.get(console.url(f"/staff/bookings/{bookings['evil']}")).text
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)" in evil
    assert browser.get(console.url("/staff/bookings/NOPE22")).status_code == 404


def test_a_status_change_is_saved_and_audited(console, bookings, browser):
    reference = bookings["jane"]
    response = console.post(browser, f"/staff/bookings/{reference}/status", {"status": "scheduled"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/bookings/{reference}")
    assert console.booking(reference).status is BookingStatus.SCHEDULED
    assert "is now scheduled" in browser.get(console.url(response.headers["Location"])).text
    event = [e for e in console.audit() if e.action == "booking_status"][0]
    assert event.detail == f"booking={reference}; new -> scheduled" and event.staff_username == "sam"
    for status in ("contacted", "closed", "cancelled", "new"):
        console.post(browser, f"/staff/bookings/{reference}/status", {"status": status})
        assert console.booking(reference).status.value == status
    assert console.post(browser, f"/staff/bookings/{reference}/status", {"status": "deleted"}).status_code == 400
    assert console.post(browser, "/staff/bookings/NOPE22/status", {"status": "closed"}).status_code == 404


def test_the_csv_export_holds_the_filtered_bookings_and_defuses_formulas(console, bookings, browser):
    console.make_admin()
    response = browser.get(console.url("/staff/bookings.csv"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="bookings-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["reference"] for r in rows] == [bookings["evil"], bookings["omar"], bookings["jane"]]
    jane = rows[2]
    assert jane["full_name"] == "Jane Doe" and jane["contact_value"] == "jane@example.com"
    assert jane["created_at"] == "2026-11-19T23:00:00-08:00"
    assert jane["screening"] == "adult=yes; psychosis_history=no" and jane["is_adult"] == "yes"
    assert jane["conversation_ref"] == conversation_ref("conv-jane") and jane["status"] == "new"
    evil = rows[0]
    assert evil["full_name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert evil["contact_value"] == "'@evil.example"
    assert rows[1]["contact_value"] == "'+1 555 010 0100"
    filtered = browser.get(console.url("/staff/bookings.csv"), params={"q": "omar"}).content.decode("utf-8-sig")
    assert [r["reference"] for r in csv.DictReader(io.StringIO(filtered))] == [bookings["omar"]]
    details = [e.detail for e in console.audit() if e.action == "export_bookings_csv"]
    assert details == ["no filter; rows=3", "text search; rows=1"]
    # The list page links to the export with the same filters.
    assert 'href="/staff/bookings.csv?status=new&amp;q=jane"' in browser.get(
        console.url("/staff/bookings"), params={"status": "new", "q": "jane"}).text


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+2", "'=1+2"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=cmd", "'\t=cmd"), ("Jane", "Jane"), ("a=b", "a=b"), (None, ""), (True, "yes"), (False, "no")],
)
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(value, cell):
    assert csv_cell(value) == cell
