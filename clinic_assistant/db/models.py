"""Tables of the app database (SQLAlchemy 1.4, written in the 2.0 style)."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, Column, DateTime, Enum, Float, ForeignKey, Integer, String, Text, event, false
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.schema import UniqueConstraint

Base = declarative_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class HandoffReason(str, enum.Enum):
    CRISIS = "crisis"
    REQUEST_HUMAN = "request_human"


class HandoffStatus(str, enum.Enum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"


class Handoff(Base):
    """A conversation that needs a person: every crisis, and every request for staff."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    reason = Column(Enum(HandoffReason, native_enum=False, length=32), nullable=False)
    risk_category = Column(String(64))
    severity = Column(String(16))
    evidence = Column(JSON, nullable=False, default=list)
    status = Column(Enum(HandoffStatus, native_enum=False, length=16), nullable=False, default=HandoffStatus.OPEN)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_by = Column(String(128))
    resolved_at = Column(DateTime(timezone=True))
    resolution_note = Column(Text)
    # Outside clinic hours the visitor can leave a call-back request. Resolving the handoff clears
    # the name, the number and the evidence (db/handoffs.py); `callback_requested` stays for reports.
    callback_name = Column(String(120))
    callback_phone = Column(String(32))
    callback_requested = Column(Boolean, nullable=False, default=False, server_default=false())
    # When staff first claimed it (set by `_record_first_claim` below), and when an unclaimed crisis
    # was escalated to the on-call address (clinic_assistant/review/escalation.py; once only).
    claimed_at = Column(DateTime(timezone=True))
    escalated_at = Column(DateTime(timezone=True))


def _record_callback_request(handoff: Handoff, value, _old, _initiator) -> None:
    """A call-back name or number, however set, marks the handoff as a call-back request for good."""
    if value:
        handoff.callback_requested = True


event.listen(Handoff.callback_name, "set", _record_callback_request)
event.listen(Handoff.callback_phone, "set", _record_callback_request)


@event.listens_for(Handoff.claimed_by, "set")
def _record_first_claim(handoff: Handoff, value, _old, _initiator) -> None:
    """The first time anyone claims a handoff, whichever code claims it, `claimed_at` is stamped:
    the reports measure the time from a crisis to a person (review/reports.py)."""
    if value and handoff.claimed_at is None:
        handoff.claimed_at = utcnow()


class StaffAlert(Base):
    """One staff alert about a handoff: e-mailed on its own, or held for the next digest when more
    alerts came in the window than ALERT_DIGEST_THRESHOLD allows (clinic_assistant/alert_digest.py).

    Records names only (handoff number, reason, severity): the digest is made from these rows, so
    no visitor's words can reach it. Kept in the database so that every process counts the same.
    """

    __tablename__ = "staff_alerts"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    handoff_id = Column(Integer, nullable=False)
    reason = Column(String(32), nullable=False)
    severity = Column(String(16))
    held = Column(Boolean, nullable=False, default=False)
    # The digest that reported a held alert; set by one conditional UPDATE, so one digest per alert.
    digest = Column(String(32), index=True)


class BookingStatus(str, enum.Enum):
    NEW = "new"
    CONTACTED = "contacted"
    SCHEDULED = "scheduled"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Booking(Base):
    """A consultation request from the chat; a coordinator confirms the slot."""

    __tablename__ = "bookings"

    id = Column(Integer, primary_key=True)
    reference = Column(String(12), nullable=False, unique=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    full_name = Column(String(120), nullable=False)
    contact_kind = Column(String(8), nullable=False)
    contact_value = Column(String(254), nullable=False)
    preferred_start = Column(DateTime(timezone=True), nullable=False)
    preferred_window = Column(String(16))
    preferred_label = Column(String(80), nullable=False)
    is_adult = Column(Boolean, nullable=False)
    contact_consent = Column(Boolean, nullable=False)
    status = Column(Enum(BookingStatus, native_enum=False, length=16), nullable=False, default=BookingStatus.NEW)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    screening_answers = relationship(
        "ScreeningAnswer", back_populates="booking", cascade="all, delete-orphan", order_by="ScreeningAnswer.id"
    )


class ScreeningAnswer(Base):
    """One yes/no answer of the eligibility pre-screen, stored with the booking it led to."""

    __tablename__ = "screening_answers"

    id = Column(Integer, primary_key=True)
    booking_id = Column(Integer, ForeignKey("bookings.id", ondelete="CASCADE"), nullable=False, index=True)
    question = Column(String(64), nullable=False)
    answer = Column(Boolean, nullable=False)

    booking = relationship("Booking", back_populates="screening_answers")


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


class StaffRole(str, enum.Enum):
    STAFF = "staff"  # the queue, conversations, bookings one at a time, notes, review, reports
    ADMIN = "admin"  # also CSV exports, staff accounts and the audit log


class StaffUser(Base):
    """A clinic staff member who signs in to the console. Created with `python -m clinic_assistant.staff_cli`.

    `session_epoch` ends every console session of the user when it changes (log-out, password reset):
    the signed session cookie carries the epoch it was issued under.
    """

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(120), nullable=False)
    password_hash = Column(String(255), nullable=False)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True))
    session_epoch = Column(Integer, nullable=False, default=0)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # StaffRole: "admin" may also export, manage accounts and read the audit log.
    role = Column(String(16), nullable=False, default="staff", server_default="staff")

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN.value


class AuditEvent(Base):
    """Who did what in the console, and when. `detail` names records (ids, references, statuses),
    never message text or a visitor's contact details."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    staff_username = Column(String(64))
    action = Column(String(32), nullable=False)
    detail = Column(Text, nullable=False, default="")


class DeletionRequest(Base):
    """A visitor asked in chat to delete their conversation. The app rows go at once; the
    transcript goes on the next purge run, once the Rasa server has finished saving that turn."""

    __tablename__ = "deletion_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    requested_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    completed_at = Column(DateTime(timezone=True))


class ReviewLabelKind(str, enum.Enum):
    """What a staff member says about a message the assistant handled badly or uncertainly."""

    TOPIC = "topic"  # it is this existing FAQ topic
    NEW_TOPIC = "new_topic"  # a question the FAQ has no answer for yet (topic named by staff)
    OUT_OF_SCOPE = "out_of_scope"
    MISSED_CRISIS = "missed_crisis"  # risk the detector did not flag
    FALSE_ALARM = "false_alarm"  # a risk detection that was not risk
    CONFIRMED_CRISIS = "confirmed_crisis"  # a risk detection that was right (for the reports)
    IGNORE = "ignore"


class ReviewLabel(Base):
    """A staff member's label on one visitor message of the tracker store.

    The message is referenced, not copied: `sender_id` and the tracker's `events.id` (with the
    event's timestamp, to notice a row that was purged and reused). Its text is read from the
    tracker store when needed, so deleting a transcript deletes the words too.
    """

    __tablename__ = "review_labels"
    __table_args__ = (UniqueConstraint("sender_id", "event_id", name="uq_review_labels_message"),)

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    event_id = Column(Integer, nullable=False)
    event_timestamp = Column(Float, nullable=False)
    kind = Column(Enum(ReviewLabelKind, native_enum=False, length=32), nullable=False)
    topic = Column(String(64))
    staff_username = Column(String(64), nullable=False)
    labelled_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class StaffNote(Base):
    """A private note by staff on a conversation, or on one of its bookings (`booking_id`). Never
    shown to the visitor; deleted with the conversation's other records ("delete my data",
    retention), since staff may write personal details in it."""

    __tablename__ = "staff_notes"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    booking_id = Column(Integer, ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    staff_username = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
