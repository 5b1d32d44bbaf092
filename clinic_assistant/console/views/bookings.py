"""Bookings: the filtered list, one booking, its status, and the CSV export (with the formula guard)."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from clinic_assistant.console.auth import current_staff
from clinic_assistant.console.request_helpers import clinic_tz, day_start, db, enum_arg, parse_day
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.bookings import booking_by_reference, search_bookings, set_booking_status
from clinic_assistant.db.models import Booking, BookingStatus, as_utc
from clinic_assistant.db.notes import notes_of_booking
from clinic_assistant.references import conversation_ref

BOOKING_PAGE_LIMIT = 500
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/bookings", view_func=bookings, methods=["GET"])
    blueprint.add_url_rule("/bookings/<reference>", view_func=booking, methods=["GET"])
    blueprint.add_url_rule("/bookings/<reference>/status", view_func=booking_status, methods=["POST"])
    blueprint.add_url_rule("/bookings.csv", view_func=bookings_csv, methods=["GET"])


@dataclass(frozen=True)
class BookingFilters:
    status: BookingStatus | None
    day_from: dt.date | None
    day_to: dt.date | None
    text: str

    @classmethod
    def from_args(cls, args: Mapping[str, str], errors: list[str]) -> BookingFilters:
        return cls(
            status=enum_arg(BookingStatus, args.get("status")),
            day_from=parse_day(args.get("from"), errors, "from"),
            day_to=parse_day(args.get("to"), errors, "to"),
            text=(args.get("q") or "").strip()[:120],
        )

    def query(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "created_from": day_start(self.day_from),
            "created_to": day_start(self.day_to + dt.timedelta(days=1)) if self.day_to else None,
            "text": self.text or None,
        }

    def args(self) -> dict[str, str]:
        values = {
            "status": self.status.value if self.status else "",
            "from": self.day_from.isoformat() if self.day_from else "",
            "to": self.day_to.isoformat() if self.day_to else "",
            "q": self.text,
        }
        return {k: v for k, v in values.items() if v}

    def audit_detail(self) -> str:
        """The filters, without the search text (it may be a visitor's name)."""
        parts = [f"{k}={v}" for k, v in self.args().items() if k != "q"]
        if self.text:
            parts.append("text search")
        return "; ".join(parts) or "no filter"


def bookings():
    errors: list[str] = []
    filters = BookingFilters.from_args(request.args, errors)
    with db() as session:
        rows = search_bookings(session=session, **filters.query(), limit=BOOKING_PAGE_LIMIT + 1)
        record(
            session=session, action=AuditAction.VIEW_BOOKINGS, staff_username=current_staff().username,
            detail=filters.audit_detail(),
        )
    return render_template(
        "staff/bookings.html",
        bookings=rows[:BOOKING_PAGE_LIMIT],
        more=len(rows) > BOOKING_PAGE_LIMIT,
        filters=filters,
        errors=errors,
        statuses=list(BookingStatus),
        csv_url=url_for("staff.bookings_csv", **filters.args()),
    )


def booking(reference: str):
    with db() as session:
        found = booking_by_reference(session=session, reference=reference[:12])
        if found is None:
            abort(404)
        notes = notes_of_booking(session=session, booking=found)
        record(
            session=session, action=AuditAction.VIEW_BOOKING, staff_username=current_staff().username,
            detail=f"booking={found.reference}",
        )
    return render_template("staff/booking.html", booking=found, statuses=list(BookingStatus), notes=notes,
                           note_action=url_for("staff.booking_note", reference=found.reference))


def booking_status(reference: str):
    new_status = enum_arg(BookingStatus, request.form.get("status"))
    if new_status is None:
        abort(400, description="Choose one of the booking statuses.")
    with db() as session:
        found = booking_by_reference(session=session, reference=reference[:12])
        if found is None:
            abort(404)
        old_status = BookingStatus(found.status)
        set_booking_status(session=session, booking=found, status=new_status)
        record(
            session=session, action=AuditAction.BOOKING_STATUS, staff_username=current_staff().username,
            detail=f"booking={found.reference}; {old_status.value} -> {new_status.value}",
        )
    flash(f"Booking {found.reference} is now {new_status.value}.", "info")
    return redirect(url_for("staff.booking", reference=found.reference))


CSV_COLUMNS = (
    "reference", "created_at", "status", "full_name", "contact_kind", "contact_value", "preferred_label",
    "preferred_start", "preferred_window", "is_adult", "contact_consent", "screening", "conversation_ref",
)


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula: one starting with = + - @ (or tab, CR) gets a
    leading single quote (OWASP's advice for CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat() if isinstance(value, dt.datetime) else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def _booking_csv_row(booking: Booking) -> list[str]:
    screening = "; ".join(f"{a.question}={'yes' if a.answer else 'no'}" for a in booking.screening_answers)
    values = {
        "reference": booking.reference,
        "created_at": as_utc(booking.created_at).astimezone(clinic_tz()),
        "status": BookingStatus(booking.status).value,
        "full_name": booking.full_name,
        "contact_kind": booking.contact_kind,
        "contact_value": booking.contact_value,
        "preferred_label": booking.preferred_label,
        "preferred_start": as_utc(booking.preferred_start).astimezone(clinic_tz()),
        "preferred_window": booking.preferred_window,
        "is_adult": booking.is_adult,
        "contact_consent": booking.contact_consent,
        "screening": screening,
        # A reference, not the id: the file is mailed and stored where a bearer id should not be.
        "conversation_ref": conversation_ref(booking.conversation_id),
    }
    return [csv_cell(values[column]) for column in CSV_COLUMNS]


def bookings_csv():
    filters = BookingFilters.from_args(request.args, [])
    with db() as session:
        rows = search_bookings(session=session, **filters.query())
        record(
            session=session, action=AuditAction.EXPORT_BOOKINGS_CSV, staff_username=current_staff().username,
            detail=f"{filters.audit_detail()}; rows={len(rows)}",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_booking_csv_row(b) for b in rows)
    filename = f"bookings-{dt.date.today().isoformat()}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),  # the BOM makes spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
