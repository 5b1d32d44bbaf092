"""How the assistant is doing, per day or per week: counts only, never a message's words.

`build_report` reads the tracker store (visitor messages, what the assistant did) and the app
database (handoffs, bookings, review labels) for [since, until) and returns one `PeriodFigures`
per day or week (in the clinic's time zone `tz`; weeks start on Monday), every period present even
when empty, plus the unanswered messages clustered by meaning. A cluster is named by the FAQ topic
it is nearest to ("near: cost") when close enough, else by a number ("cluster 2"): the report holds
no message text. `report_csv` and `unanswered_csv` write them for spreadsheets, with formula-like
cells defused.

Definitions
- conversations: distinct conversations with a visitor message in the period; messages: visitor
  messages. FAQ share: messages whose final intent is `faq` (answered from the FAQ).
- fallback rate: `nlu_fallback`; out-of-scope rate: `out_of_scope` (the intent classifier's or the DomainGate's).
- risk detections: messages the detector rated `risk`, split by the staff's review label:
  false_alarm -> false alarm; confirmed_crisis (or missed_crisis) -> confirmed; else unreviewed.
- handoffs by reason, and after-hours call-backs (handoffs with a call-back request), by creation.
- time to claim: from a crisis handoff's creation to its first claim (`claimed_at`); median and
  worst over those created in the period and claimed; `crisis_unclaimed` counts the others.
- bookings started: conversations that opened the booking form; confirmed: bookings created;
  cancelled: bookings whose status became cancelled (by their last update) in the period.
"""
from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

import numpy as np
from sqlalchemy import select

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Booking, BookingStatus, Handoff, HandoffReason, ReviewLabelKind, as_utc
from clinic_assistant.db.review import labels_by_message
from clinic_assistant.review.topics import Encoder, FaqTopics, embed, faq_topics
from clinic_assistant.review.tracker_events import read_turns

UNANSWERED_INTENTS = ("nlu_fallback", "out_of_scope")
TOPIC_SIMILARITY = 0.5  # an unanswered message this close to a topic's centroid is named after it
CLUSTER_SIMILARITY = 0.6  # messages this close to a cluster's first message join it
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONFIRMED = (ReviewLabelKind.CONFIRMED_CRISIS, ReviewLabelKind.MISSED_CRISIS)


class Period(str, enum.Enum):
    DAY = "day"
    WEEK = "week"


@dataclass
class PeriodFigures:
    start: dt.date
    conversations: int = 0
    messages: int = 0
    faq_answered: int = 0
    fallbacks: int = 0
    out_of_scope: int = 0
    risk_detections: int = 0
    risk_confirmed: int = 0
    risk_false_alarms: int = 0
    risk_unreviewed: int = 0
    handoffs_crisis: int = 0
    handoffs_request_human: int = 0
    crisis_claimed: int = 0
    crisis_unclaimed: int = 0
    claim_median_seconds: float | None = None
    claim_worst_seconds: float | None = None
    after_hours_callbacks: int = 0
    bookings_started: int = 0
    bookings_confirmed: int = 0
    bookings_cancelled: int = 0
    _conversation_ids: set = field(default_factory=set, repr=False)
    _claim_seconds: list = field(default_factory=list, repr=False)
    _booking_conversations: set = field(default_factory=set, repr=False)

    @property
    def faq_share(self) -> float | None:
        return self.faq_answered / self.messages if self.messages else None

    @property
    def fallback_rate(self) -> float | None:
        return self.fallbacks / self.messages if self.messages else None

    @property
    def out_of_scope_rate(self) -> float | None:
        return self.out_of_scope / self.messages if self.messages else None

    @property
    def handoffs_by_reason(self) -> dict[str, int]:
        return {HandoffReason.CRISIS.value: self.handoffs_crisis,
                HandoffReason.REQUEST_HUMAN.value: self.handoffs_request_human}


@dataclass(frozen=True)
class UnansweredCluster:
    label: str
    count: int


@dataclass(frozen=True)
class Report:
    period: Period
    since: dt.datetime
    until: dt.datetime
    rows: list[PeriodFigures]
    unanswered: list[UnansweredCluster]

    def totals(self) -> PeriodFigures:
        """The whole range as one period (claim times over all claimed crises)."""
        total = PeriodFigures(self.rows[0].start if self.rows else self.since.date())
        for row in self.rows:
            for f in fields(PeriodFigures):
                value = getattr(row, f.name)
                if isinstance(value, int) and f.name != "start":
                    setattr(total, f.name, getattr(total, f.name) + value)
            total._claim_seconds += row._claim_seconds
            total._conversation_ids |= row._conversation_ids
        total.conversations = len(total._conversation_ids)
        _set_claim_figures(total)
        return total


def period_start(moment: dt.datetime, period: Period, tz: dt.tzinfo) -> dt.date:
    day = moment.astimezone(tz).date()
    return day - dt.timedelta(days=day.weekday()) if period is Period.WEEK else day


def _periods(since: dt.datetime, until: dt.datetime, period: Period, tz: dt.tzinfo) -> list[dt.date]:
    first, last = period_start(since, period, tz), period_start(until - dt.timedelta(microseconds=1), period, tz)
    step = dt.timedelta(days=7 if period is Period.WEEK else 1)
    starts, day = [], first
    while day <= last:
        starts.append(day)
        day += step
    return starts


def _set_claim_figures(row: PeriodFigures) -> None:
    if row._claim_seconds:
        row.claim_median_seconds = float(statistics.median(row._claim_seconds))
        row.claim_worst_seconds = float(max(row._claim_seconds))


def build_report(
    database_url: str,
    tracker_store_url: str,
    *,
    since: dt.datetime,
    until: dt.datetime,
    period: Period = Period.DAY,
    tz: dt.tzinfo = dt.timezone.utc,
    topics: FaqTopics | None = None,
    encoder: Encoder | None = None,
    top_unanswered: int = 10,
) -> Report:
    """The figures for [since, until) (aware datetimes); see the module doc for each figure."""
    rows = {start: PeriodFigures(start) for start in _periods(since, until, period, tz)}

    def row_of(moment: dt.datetime) -> PeriodFigures | None:
        return rows.get(period_start(moment, period, tz))

    turns = read_turns(tracker_store_url, since=since, until=until)
    with session_scope(database_url) as session:
        labels = {key: label.kind for key, label in labels_by_message(
            session=session, sender_ids={t.sender_id for t in turns if t.risk_level == "risk"}).items()}
        handoffs = list(session.execute(
            select(Handoff).where(Handoff.created_at >= since, Handoff.created_at < until)).scalars())
        created = list(session.execute(
            select(Booking.created_at).where(Booking.created_at >= since, Booking.created_at < until)).scalars())
        cancelled = list(session.execute(select(Booking.updated_at).where(
            Booking.status == BookingStatus.CANCELLED, Booking.updated_at >= since, Booking.updated_at < until,
        )).scalars())
        handoff_facts = [
            (as_utc(h.created_at), h.reason, as_utc(h.claimed_at), h.callback_requested)
            for h in handoffs
        ]

    unanswered_texts = []
    for turn in turns:
        row = row_of(turn.at)
        if row is None:
            continue
        row.messages += 1
        row._conversation_ids.add(turn.sender_id)
        row.faq_answered += turn.intent == "faq"
        row.fallbacks += turn.intent == "nlu_fallback"
        row.out_of_scope += turn.intent == "out_of_scope"
        if turn.intent in UNANSWERED_INTENTS and turn.text.strip():
            unanswered_texts.append(turn.text)
        if "booking_form" in turn.loops:
            row._booking_conversations.add(turn.sender_id)
        if turn.risk_level == "risk":
            row.risk_detections += 1
            kind = labels.get((turn.sender_id, turn.event_id))
            if kind is ReviewLabelKind.FALSE_ALARM:
                row.risk_false_alarms += 1
            elif kind in CONFIRMED:
                row.risk_confirmed += 1
            else:
                row.risk_unreviewed += 1
    for created_at, reason, claimed_at, callback in handoff_facts:
        row = row_of(created_at)
        if row is None:
            continue
        row.after_hours_callbacks += callback
        if reason is HandoffReason.CRISIS:
            row.handoffs_crisis += 1
            if claimed_at is not None:
                row.crisis_claimed += 1
                row._claim_seconds.append(max(0.0, (claimed_at - created_at).total_seconds()))
            else:
                row.crisis_unclaimed += 1
        else:
            row.handoffs_request_human += 1
    for moment, attribute in [*((c, "bookings_confirmed") for c in created),
                              *((c, "bookings_cancelled") for c in cancelled)]:
        if (row := row_of(as_utc(moment))) is not None:
            setattr(row, attribute, getattr(row, attribute) + 1)
    for row in rows.values():
        row.conversations = len(row._conversation_ids)
        row.bookings_started = len(row._booking_conversations)
        _set_claim_figures(row)
    unanswered = cluster_unanswered(unanswered_texts, topics=topics, encoder=encoder)[:top_unanswered]
    return Report(period, since, until, list(rows.values()), unanswered)


def cluster_unanswered(
    texts: Sequence[str], *, topics: FaqTopics | None = None, encoder: Encoder | None = None,
    topic_similarity: float = TOPIC_SIMILARITY, cluster_similarity: float = CLUSTER_SIMILARITY,
) -> list[UnansweredCluster]:
    """Unanswered messages grouped by meaning, largest group first: those near an FAQ topic by that
    topic, the rest by leader clustering (each joins the first group whose first message is close)."""
    if not texts:
        return []
    topics = topics if topics is not None else faq_topics()
    vectors = embed(list(texts), encoder)
    nearest = topics.nearest(vectors, k=1)
    counts: Counter[str] = Counter()
    leaders: list[np.ndarray] = []
    leader_counts: list[int] = []
    for vector, near in zip(vectors, nearest, strict=True):
        if near and near[0][1] >= topic_similarity:
            counts[f"near: {near[0][0]}"] += 1
            continue
        for index, leader in enumerate(leaders):
            if float(vector @ leader) >= cluster_similarity:
                leader_counts[index] += 1
                break
        else:
            leaders.append(vector)
            leader_counts.append(1)
    order = sorted(range(len(leaders)), key=lambda i: -leader_counts[i])
    counts.update({f"cluster {rank}": leader_counts[i] for rank, i in enumerate(order, start=1)})
    return [UnansweredCluster(label, count) for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# ------------------------------------------------------------------------------------------------
# CSV
# ------------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "period_start", "conversations", "messages", "faq_answered", "faq_share", "fallbacks", "fallback_rate",
    "out_of_scope", "out_of_scope_rate", "risk_detections", "risk_confirmed", "risk_false_alarms",
    "risk_unreviewed", "handoffs_crisis", "handoffs_request_human", "crisis_claimed", "crisis_unclaimed",
    "claim_median_seconds", "claim_worst_seconds", "after_hours_callbacks", "bookings_started",
    "bookings_confirmed", "bookings_cancelled",
)


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (a leading quote before = + - @ tab CR, as
    OWASP advises); rates with four decimals; None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def report_csv(report: Report) -> str:
    """One row per period, the columns of CSV_COLUMNS."""
    return _csv(CSV_COLUMNS, (
        [row.start if name == "period_start" else getattr(row, name) for name in CSV_COLUMNS] for row in report.rows
    ))


def unanswered_csv(report: Report) -> str:
    return _csv(("cluster", "messages"), ((c.label, c.count) for c in report.unanswered))
