"""Store functions against real databases (SQLite always, PostgreSQL when reachable)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic_assistant.db.bookings import (
    REFERENCE_ALPHABET,
    cancel_booking,
    create_booking,
    find_booking,
    reschedule_booking,
)
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff, open_handoffs
from clinic_assistant.db.models import Booking, BookingStatus, HandoffReason, HandoffStatus, as_utc

START = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.timezone.utc)


def book(session, **overrides):
    values = dict(
        conversation_id="conv-1",
        full_name="Jane Doe",
        contact_kind="email",
        contact_value="jane@example.com",
        preferred_start=START,
        preferred_window="afternoon",
        preferred_label="Tuesday 1 December, afternoon",
        is_adult=True,
        contact_consent=True,
        screening={"adult": True, "psychosis_history": False},
    )
    values.update(overrides)
    return create_booking(session=session, **values)


def test_a_booking_is_stored_with_a_short_readable_reference_and_its_screening(database_url):
    with session_scope(database_url) as session:
        reference = book(session).reference
    assert len(reference) == 6 and set(reference) <= set(REFERENCE_ALPHABET)
    with session_scope(database_url) as session:
        booking = find_booking(session=session, reference=reference.lower(), contact_value="JANE@example.com ")
        assert booking.status is BookingStatus.NEW
        assert [(a.question, a.answer) for a in booking.screening_answers] == [
            ("adult", True), ("psychosis_history", False)
        ]


def test_a_booking_is_found_only_with_the_same_contact_detail(database_url):
    with session_scope(database_url) as session:
        reference = book(session).reference
    with session_scope(database_url) as session:
        assert find_booking(session=session, reference=reference, contact_value="other@example.com") is None
        assert find_booking(session=session, reference="ZZZZZZ", contact_value="jane@example.com") is None


def test_cancel_and_reschedule(database_url):
    with session_scope(database_url) as session:
        reference = book(session).reference
    later = START + dt.timedelta(days=2)
    with session_scope(database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value="jane@example.com")
        reschedule_booking(session=session, booking=booking, preferred_start=later, preferred_window=None, label="x")
    with session_scope(database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value="jane@example.com")
        assert as_utc(booking.preferred_start) == later
        cancel_booking(session=session, booking=booking)
    with session_scope(database_url) as session:
        booking = find_booking(session=session, reference=reference, contact_value="jane@example.com")
        assert booking.status is BookingStatus.CANCELLED


def test_the_handoff_queue_puts_crises_first_then_oldest_first(database_url):
    with session_scope(database_url) as session:
        create_handoff(session=session, conversation_id="a", reason=HandoffReason.REQUEST_HUMAN)
        create_handoff(session=session, conversation_id="b", reason=HandoffReason.CRISIS, risk_category="overdose")
        create_handoff(session=session, conversation_id="c", reason=HandoffReason.REQUEST_HUMAN)
        create_handoff(session=session, conversation_id="d", reason=HandoffReason.CRISIS, risk_category="suicide")
    with session_scope(database_url) as session:
        queue = open_handoffs(session=session)
        assert [h.conversation_id for h in queue] == ["b", "d", "a", "c"]
        assert all(h.status is HandoffStatus.OPEN for h in queue)


def test_a_failed_unit_of_work_leaves_nothing_behind(database_url):
    with pytest.raises(RuntimeError):
        with session_scope(database_url) as session:
            book(session)
            raise RuntimeError("the visitor's connection dropped")
    with session_scope(database_url) as session:
        assert session.execute(select(func.count(Booking.id))).scalar_one() == 0
