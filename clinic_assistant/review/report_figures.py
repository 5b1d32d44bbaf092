"""The reports page's charts: a `Report` as SVG charts, each with its data table beside it.

The console view renders `report_figures(report)` in order, each as
`<figure>{svg}<figcaption>{title}</figcaption><details><summary>Table</summary>{table}</details></figure>`
(both strings are escaped markup already: mark them safe in the template).
"""
from __future__ import annotations

from dataclasses import dataclass

from clinic_assistant.review.charts import bar_chart, data_table, line_chart
from clinic_assistant.review.reports import Period, Report


@dataclass(frozen=True)
class ReportFigure:
    chart_id: str
    title: str
    svg: str
    table: str


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def report_figures(report: Report) -> list[ReportFigure]:
    """Messages, the FAQ / fallback / out-of-scope shares, risk detections by review, time to claim a
    crisis, handoffs, bookings, and the top unanswered groups: one figure each."""
    fmt = "%a %d %b" if report.period is Period.DAY else "week of %d %b"
    labels = [row.start.strftime(fmt) for row in report.rows]
    rows = report.rows
    figures: list[ReportFigure] = []

    def lines(chart_id: str, title: str, series: dict[str, list[float | None]], unit: str = "") -> None:
        table_rows = [[label, *(values[i] for values in series.values())] for i, label in enumerate(labels)]
        figures.append(ReportFigure(chart_id, title, line_chart(chart_id, title, labels, series, unit=unit),
                                    data_table(title, ["period", *series], table_rows)))

    lines("messages", "Conversations and visitor messages", {
        "Messages": [r.messages for r in rows], "Conversations": [r.conversations for r in rows]})
    lines("rates", "Share of messages (%)", {
        "Answered from the FAQ": [_percent(r.faq_share) for r in rows],
        "Fallback": [_percent(r.fallback_rate) for r in rows],
        "Out of scope": [_percent(r.out_of_scope_rate) for r in rows]}, unit="%")
    lines("risk", "Risk detections by staff review", {
        "Confirmed": [r.risk_confirmed for r in rows], "False alarm": [r.risk_false_alarms for r in rows],
        "Not reviewed": [r.risk_unreviewed for r in rows]})
    lines("claim", "Minutes from a crisis handoff to a staff member claiming it", {
        "Median": [_minutes(r.claim_median_seconds) for r in rows],
        "Worst": [_minutes(r.claim_worst_seconds) for r in rows],
        "Crises never claimed": [r.crisis_unclaimed for r in rows]}, unit="")
    lines("handoffs", "Handoffs by reason", {
        "Crisis": [r.handoffs_crisis for r in rows], "Asked for a person": [r.handoffs_request_human for r in rows],
        "After-hours call-backs": [r.after_hours_callbacks for r in rows]})
    lines("bookings", "Bookings", {
        "Started": [r.bookings_started for r in rows], "Confirmed": [r.bookings_confirmed for r in rows],
        "Cancelled": [r.bookings_cancelled for r in rows]})
    title = "Top unanswered messages, grouped by meaning"
    groups, counts = [c.label for c in report.unanswered], [c.count for c in report.unanswered]
    table = data_table(title, ["group", "messages"], [[c.label, c.count] for c in report.unanswered])
    figures.append(ReportFigure("unanswered", title, bar_chart("unanswered", title, groups, counts, colour="#D55E00"),
                                table))
    return figures
