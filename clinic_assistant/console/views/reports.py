"""The reports page (/staff/reports) and its CSV downloads: how the assistant is doing per day or
per week (clinic_assistant/review/reports.py), drawn as server-side SVG charts each with its table
(report_figures.py). Counts only: no message text on the page or in the files."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup

from clinic_assistant.console.request_helpers import DayRange, audit_event, clinic_tz, settings, tracker_url
from clinic_assistant.console.views.review import review_models
from clinic_assistant.db.audit import AuditAction
from clinic_assistant.review.report_figures import report_figures
from clinic_assistant.review.reports import Period, Report, build_report, report_csv, unanswered_csv

DEFAULT_DAYS = {Period.DAY: 14, Period.WEEK: 84}
CSV_KINDS = {"periods": report_csv, "unanswered": unanswered_csv}


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/reports", view_func=reports, methods=["GET"])
    blueprint.add_url_rule("/reports.csv", view_func=reports_csv, methods=["GET"])


def _report(errors: list[str]) -> tuple[Report, DayRange]:
    period = Period.WEEK if request.args.get("period") == Period.WEEK.value else Period.DAY
    days = DayRange.from_args(request.args, errors, default_days=DEFAULT_DAYS[period])
    topics, encoder = review_models()
    report = build_report(settings().database_url, tracker_url(), since=days.since, until=days.until, period=period,
                          tz=clinic_tz(), topics=topics, encoder=encoder)
    return report, days


def _minutes(seconds: float | None) -> str:
    return "none claimed" if seconds is None else f"{seconds / 60:.1f} min"


def _percent(value: float | None) -> str:
    return "no messages" if value is None else f"{100 * value:.1f}%"


def reports():
    errors: list[str] = []
    report, days = _report(errors)
    args = {**days.args(), "period": report.period.value}
    audit_event(AuditAction.VIEW_REPORTS, f"period={report.period.value}; from={days.day_from}; to={days.day_to}")
    # charts.py escapes everything it is given, so its markup is safe to insert as it is.
    figures = [(f, Markup(f.svg), Markup(f.table)) for f in report_figures(report)]
    return render_template(
        "staff/reports.html", report=report, totals=report.totals(), days=days, errors=errors, figures=figures,
        minutes=_minutes, percent=_percent, periods=list(Period),
        csv_url=url_for("staff.reports_csv", **args), unanswered_csv_url=url_for("staff.reports_csv", kind="unanswered",
                                                                                 **args),
    )


def reports_csv():
    kind = request.args.get("kind", "periods")
    writer = CSV_KINDS.get(kind, report_csv)
    report, days = _report([])
    audit_event(AuditAction.EXPORT_REPORT_CSV, f"{kind}; period={report.period.value}; from={days.day_from}; "
                                               f"to={days.day_to}")
    filename = f"report-{kind}-{report.period.value}-{days.day_from}-{days.day_to}.csv"
    return Response(
        "\ufeff" + writer(report),  # the BOM makes spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
