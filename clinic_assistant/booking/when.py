"""Read a visitor's preferred consultation time ("next tuesday afternoon", "12/3 at 11", "asap").

    result = parse_preferred_time("next tuesday afternoon", clinic=clinic, now=now)
    result.outcome   # WhenOutcome.OK
    result.start     # datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    result.window    # "afternoon"
    result.label     # "Tuesday 24 November, afternoon"

Plain stdlib, no Rasa import. Everything is read in the clinic's time zone: `now` (an aware datetime) is
converted to it first, and every local datetime is built with the clinic's ZoneInfo, so the UTC offset is
right on both sides of a daylight-saving change.

Outcomes, checked in this order: NOT_UNDERSTOOD, IN_PAST, TOO_FAR (the day is more than 90 calendar days
after today), CLINIC_CLOSED (the day is closed, or the time or window does not fit the opening hours), OK.
`start` is set only when the outcome is OK; for IN_PAST, TOO_FAR and CLINIC_CLOSED `label` still says what
was understood (for example "Saturday 28 November at 10:00 am") so the reply can name it.

Reading rules
-------------
* Case, punctuation, emoji and extra words are ignored ("Umm, next Tuesday afternoon please!").
  The text is NOT_UNDERSTOOD when it names no day, names two different days, times or windows
  ("tuesday or wednesday"), leaves a number unexplained ("tomorrow 3", "tomorrow at 3 or 4"), uses a
  word that changes the meaning in a way this parser does not follow (not, no, except, but, before,
  until, between, last, ago, every, can't, ...; a dangling "next" or "pm"; an unread "week(s)",
  "days", "months"; minutes in words such as "half", "quarter", "thirty"), or is longer than 160
  characters. A time or window without a day ("at 3pm", "afternoons") is not understood either: the
  form asks again rather than guess a day.
* Number words "two" to "twelve" are read as digits ("at two", "in three days", "tuesday, two people"
  is then an unexplained number); "one" only after at/in/around/about/after/from or before
  am/pm/o'clock/week(s)/month(s), since "the earliest one" is common.
* Times: "3pm", "3 pm", "3:30 p.m.", "10:30am", "14:00", "at 3", "3 o'clock", "noon", "midday",
  "midnight". Without am/pm an hour 1-7 is pm, 8-11 is am and 12 is noon, unless a window is named
  ("tomorrow morning at 10", "tomorrow at 6 in the evening"), which decides am/pm. A two-digit hour
  with a leading zero ("09:00", "03:00") or an hour 13-23 is read as the 24-hour clock. A time that
  contradicts its window ("tomorrow morning at 3pm") is not understood.
* A specific time must fall inside [opening, closing - 30 minutes] (a consultation lasts 30 minutes);
  it is IN_PAST unless it is later than `now`.
* Windows: morning 09:00-12:00, afternoon 12:00-17:00, evening 17:00-20:00 ("night", "tonight" mean
  evening). A window is open when it overlaps the day's opening hours by at least 30 minutes; `start`
  is max(window start, opening). A day with no time or window starts at the opening time. On the
  current day the start is moved to the next half hour after `now` (the label then says "from ...");
  a window whose last possible start has gone is IN_PAST, a day whose remaining hours are gone is
  CLINIC_CLOSED.
* Days: "today", "tonight", "this morning/afternoon/evening", "tomorrow" (and "tmrw"), "the day after
  tomorrow", "yesterday" (always IN_PAST), "in 3 days", "in two weeks", "in a couple of weeks",
  "in a month", "2 weeks from now" (calendar arithmetic on the local date; "in N months" keeps the
  day of month, clamped to the month's last day).
* Weekdays (full names or mon/tue/tues/wed/thu/thur/thurs/fri/sat/sun):
  - "tuesday", "on tuesday", "this tuesday", "coming tuesday": the first Tuesday after today. Today's
    own weekday name means today only when the requested start (the time, else the window's start,
    else the opening time) is still later than `now`; otherwise it means the same weekday next week.
  - "next tuesday": the Tuesday of next week (weeks run Monday to Sunday), the same day as "tuesday
    next week". On Saturday or Sunday that is also the first Tuesday after today; on Monday it is
    eight days away, not tomorrow. The label always shows the date, so the visitor can correct it.
  - A weekday given with a date ("tuesday 24 november", "tomorrow, tuesday") must agree with it,
    otherwise the text is not understood.
* Dates: ISO "2026-12-03" (optionally with "14:00" or "T14:00"), US month/day "12/3", "12/3/2026",
  "12/3/26", "december 3", "dec 3rd", "3 dec", "the 3rd of december" (optionally with a year),
  and a day of the month alone, "the 28th" / "on the 28th".
  - A month and day without a year mean the nearest such date, before or after today (a tie goes to the
    future): in late November "december 3" is next week, "january 5" is next January, "november 20"
    is yesterday (IN_PAST) and "march 3" is next March (TOO_FAR).
  - A day of the month alone means its next occurrence on or after today ("the 5th" on 21 November
    is 5 December; "the 31st" skips months that have no 31st).
* Ranges: "next week" and "this week" (the rest of it, from today) resolve to the first day in the
  range that is open for the requested time or window (window None and the opening time when none was
  asked); "tuesday next week" and "tuesday this week" pick that day of the week (which may be past);
  "weekend", "this weekend", "next weekend" are Saturday and Sunday of the current or the next week.
  When no day in the range fits, CLINIC_CLOSED (IN_PAST or TOO_FAR when every day was that).
* "asap", "as soon as possible", "soonest", "earliest", "first available": the first open half-hour
  slot at least 24 hours after `now` (window None, or the window asked for, as in "asap, mornings").
  A range ("asap next week") wins over "asap"; "asap" with a day or a time is not understood.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic_assistant.clinic import ClinicConfig

MAX_TEXT_LENGTH = 160
MAX_DAYS_AHEAD = 90
CONSULTATION = dt.timedelta(minutes=30)
ASAP_LEAD = dt.timedelta(hours=24)
ASAP_SEARCH_DAYS = 21

WINDOWS: dict[str, tuple[dt.time, dt.time]] = {
    "morning": (dt.time(9), dt.time(12)),
    "afternoon": (dt.time(12), dt.time(17)),
    "evening": (dt.time(17), dt.time(20)),
}
# Hours (24-hour clock) a specific time may have when said together with a window.
_WINDOW_HOURS = {"morning": (5, 12), "afternoon": (12, 18), "evening": (16, 23)}

_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_CONFIG_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (  # not calendar.month_name, which follows the process locale
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Number words become digits before reading ("at two", "in three days"); "one" only where it is clearly a
# number ("at one", "one pm", "in one week"), since "the earliest one" is common.
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_ONE_AFTER = re.compile(r"\b(at|in|around|about|after|from)\s+one\b")
_ONE_BEFORE = re.compile(r"\bone(?=\s*(?:am|pm|oclock|o\s+clock|weeks?|months?)\b)")

# Words that change the meaning of the rest in ways this parser does not follow.
_REFUSED_WORDS = frozenset(
    """
    not no except but before until till til between unless cannot cant dont wont isnt arent
    last previous ago every next week weeks days months years pm half quarter thirty fifteen forty fortyfive
    couple
    """.split()
)


class WhenOutcome(Enum):
    OK = "ok"
    NOT_UNDERSTOOD = "not_understood"
    IN_PAST = "in_past"
    CLINIC_CLOSED = "clinic_closed"
    TOO_FAR = "too_far"


@dataclass(frozen=True)
class WhenResult:
    outcome: WhenOutcome
    start: dt.datetime | None = None
    window: str | None = None
    label: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is WhenOutcome.OK


NOT_UNDERSTOOD = WhenResult(WhenOutcome.NOT_UNDERSTOOD)


# --- patterns (run on the normalised text, in this order) ---------------------------------------------

_MONTH_WORDS = (
    "january jan february feb march mar april apr may june jun july jul august aug september sept sep "
    "october oct november nov december dec"
)
_WEEKDAY_WORDS = (
    "monday mon tuesday tues tue wednesday weds wed thursday thurs thur thu friday fri saturday sat sunday sun"
)
_MONTH = "(" + "|".join(_MONTH_WORDS.split()) + ")"
_WEEKDAY = "(" + "|".join(_WEEKDAY_WORDS.split()) + ")"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_COUNT = r"(\d{1,3}|a\s+couple\s+of|a\s+couple|couple\s+of|an|a)"

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t(\d{1,2}):(\d{2})(?::\d{2})?)?\b")
_NUMERIC_DATE = re.compile(r"(?<![\d/:-])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/:-])")

_TIME_MERIDIEM = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])m\b")
_TIME_COLON = re.compile(r"(?<![\d:/-])(\d{1,2}):(\d{2})(?::00)?(?![\d:/-])")
_TIME_OCLOCK = re.compile(r"\b(\d{1,2})\s*o\s*clock\b")
_TIME_WORD = re.compile(r"\b(noon|midday|midnight)\b")
_TIME_AT = re.compile(r"\b(?:at|around|about|after|from)\s+(\d{1,2})\b(?![:/-])")

_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_ORDINAL}\b(?:\s+(\d{{4}})\b)?")
_DAY_MONTH = re.compile(rf"\b(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?{_MONTH}\b(?:\s+(\d{{4}})\b)?")
_DAY_OF_MONTH = re.compile(r"\b(?:the\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th))\b")

_DAY_AFTER_TOMORROW = re.compile(r"\bday\s+after\s+(?:tomorrow|tmrw)\b")
_TOMORROW = re.compile(r"\b(?:tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)\b")
_TODAY = re.compile(r"\b(today|tonight|tonite)\b")
_THIS_PART_OF_DAY = re.compile(r"\bthis\s+(?=(?:morning|afternoon|evening|night)\b)")
_YESTERDAY = re.compile(r"\byesterday\b")
_IN_COUNT = re.compile(rf"\bin\s+(?:about\s+)?{_COUNT}\s+(day|week|month)s?\b(?:\s+time\b)?")
_COUNT_FROM_NOW = re.compile(rf"\b{_COUNT}\s+(day|week|month)s?\s+from\s+(?:now|today)\b")
_ASAP = re.compile(
    r"\b(?:as\s+soon\s+as\s+(?:possible|you\s+can|poss)|asap|soonest|earliest(?:\s+available)?|first\s+available)\b"
)
_WEEK = re.compile(r"\b(next|this|the\s+following)\s+week\b")
_WEEKEND = re.compile(r"\b(?:(this|next|the)\s+)?weekends?\b")
_WEEKDAY_PHRASE = re.compile(rf"\b(?:(next|this\s+coming|this|coming|on)\s+)?{_WEEKDAY}s?\b")
_WINDOW = re.compile(r"\b(morning|afternoon|evening|night)s?\b")


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    fixed: bool  # am/pm is known (said, or 24-hour clock); otherwise hour is 1-12


@dataclass
class _Found:
    dates: list[dt.date] = field(default_factory=list)
    weekdays: list[tuple[int, bool]] = field(default_factory=list)  # (weekday, said "next")
    ranges: list[str] = field(default_factory=list)  # "this week", "next week", "the weekend", "next weekend"
    asap: bool = False
    clocks: list[_Clock] = field(default_factory=list)
    windows: list[str] = field(default_factory=list)


class _NotUnderstood(Exception):
    """Raised inside the scanner when the text cannot be read safely."""


class _Text:
    """The normalised text; `take` blanks out what a pattern matched so later patterns do not see it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.text))
        for match in found:
            start, end = match.span()
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        return found


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(?<![a-z])([ap])\.\s?m(?![a-z])\.?", r"\1m", text)  # a.m. -> am
    text = text.replace("'", "")
    text = _NUMBER_WORD.sub(lambda match: str(_NUMBER_WORDS[match[1]]), text)
    text = _ONE_BEFORE.sub("1", _ONE_AFTER.sub(r"\1 1", text))
    text = re.sub(r"[^a-z0-9:/\- ]", " ", text, flags=re.ASCII)
    text = re.sub(r"(?<!\d)[:/-]|[:/-](?!\d)", " ", text)  # keep : / - only between digits
    return " ".join(text.split())


def _count(word: str) -> int:
    word = " ".join(word.split())
    if "couple" in word:
        return 2
    return int(word) if word.isdigit() else 1  # "a week", "a month"


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _NotUnderstood from None


def _nearest(month: int, day: int, today: dt.date) -> dt.date:
    """The date with this month and day nearest to today, before or after (a tie goes to the future)."""
    options = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise _NotUnderstood
    return min(options, key=lambda d: (abs((d - today).days), d < today))


def _explicit_date(year: str | None, month: int, day: int, today: dt.date) -> dt.date:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise _NotUnderstood
    if year is None:
        return _nearest(month, day, today)
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    return _date(full_year, month, day)


def _next_day_of_month(day: int, today: dt.date) -> dt.date:
    if not 1 <= day <= 31:
        raise _NotUnderstood
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise _NotUnderstood  # pragma: no cover - every day 1-31 occurs within 13 months


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(today: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "month":
        return _add_months(today, amount)
    return today + dt.timedelta(days=amount * (7 if unit == "week" else 1))


def _clock(hour: str, minute: str | None, meridiem: str | None = None) -> _Clock:
    h, m = int(hour), int(minute or 0)
    if m > 59:
        raise _NotUnderstood
    if meridiem:
        if not 1 <= h <= 12:
            raise _NotUnderstood
        return _Clock(h % 12 + (12 if meridiem == "p" else 0), m, fixed=True)
    if h > 23:
        raise _NotUnderstood
    if h == 0 or h >= 13 or (len(hour) == 2 and hour.startswith("0")):
        return _Clock(h, m, fixed=True)
    return _Clock(h, m, fixed=False)


def _scan(raw: str, today: dt.date) -> _Found:
    text = _Text(_normalise(raw))
    found = _Found()

    for match in text.take(_ISO):
        year, month, day, hour, minute = match.groups()
        found.dates.append(_date(int(year), int(month), int(day)))
        if hour is not None:
            found.clocks.append(_clock(hour.zfill(2), minute))
    for match in text.take(_NUMERIC_DATE):
        month, day, year = match.groups()
        found.dates.append(_explicit_date(year, int(month), int(day), today))

    for match in text.take(_TIME_MERIDIEM):
        found.clocks.append(_clock(match[1], match[2], match[3]))
    for match in text.take(_TIME_COLON):
        found.clocks.append(_clock(match[1], match[2]))
    for match in text.take(_TIME_OCLOCK):
        found.clocks.append(_clock(match[1], None))
    for match in text.take(_TIME_WORD):
        found.clocks.append(_Clock(0 if match[1] == "midnight" else 12, 0, fixed=True))
    for match in text.take(_TIME_AT):
        found.clocks.append(_clock(match[1], None))

    for match in text.take(_MONTH_DAY):
        month, day, year = match.groups()
        found.dates.append(_explicit_date(year, _MONTH_KEYS.index(month[:3]) + 1, int(day), today))
    for match in text.take(_DAY_MONTH):
        day, month, year = match.groups()
        found.dates.append(_explicit_date(year, _MONTH_KEYS.index(month[:3]) + 1, int(day), today))
    for match in text.take(_DAY_OF_MONTH):
        found.dates.append(_next_day_of_month(int(match[1] or match[2]), today))

    found.dates.extend(today + dt.timedelta(days=2) for _ in text.take(_DAY_AFTER_TOMORROW))
    found.dates.extend(today + dt.timedelta(days=1) for _ in text.take(_TOMORROW))
    for match in text.take(_TODAY):
        found.dates.append(today)
        if match[1] != "today":
            found.windows.append("evening")
    found.dates.extend(today for _ in text.take(_THIS_PART_OF_DAY))
    found.dates.extend(today - dt.timedelta(days=1) for _ in text.take(_YESTERDAY))
    for match in text.take(_IN_COUNT) + text.take(_COUNT_FROM_NOW):
        found.dates.append(_shift(today, _count(match[1]), match[2]))

    found.asap = bool(text.take(_ASAP))
    for match in text.take(_WEEK):
        found.ranges.append("this week" if match[1] == "this" else "next week")
    for match in text.take(_WEEKEND):
        found.ranges.append("next weekend" if match[1] == "next" else "the weekend")
    for match in text.take(_WEEKDAY_PHRASE):
        found.weekdays.append((_WEEKDAY_KEYS.index(match[2][:3]), match[1] == "next"))
    for match in text.take(_WINDOW):
        found.windows.append("evening" if match[1] == "night" else match[1])

    for word in text.text.split():
        if word in _REFUSED_WORDS or any(ch.isdigit() for ch in word):
            raise _NotUnderstood
    return found


# --- resolving what was found ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Request:
    time: dt.time | None
    window: str | None


def _at(day: dt.date, time: dt.time, clinic: ClinicConfig) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=clinic.timezone)


def _hours(day: dt.date, clinic: ClinicConfig) -> tuple[dt.time, dt.time] | None:
    return clinic.hours.get(_WEEKDAY_CONFIG_KEYS[day.weekday()])


def _next_half_hour(moment: dt.datetime) -> dt.datetime:
    """The first :00 or :30 strictly after `moment` (wall clock)."""
    base = moment.replace(second=0, microsecond=0)
    return base + dt.timedelta(minutes=30 - base.minute % 30)


def _half_hour_at_or_after(moment: dt.datetime) -> dt.datetime:
    if moment.minute % 30 == 0 and moment.second == 0 and moment.microsecond == 0:
        return moment
    return _next_half_hour(moment)


def _time_label(time: dt.time) -> str:
    return f"{time.hour % 12 or 12}:{time.minute:02d} {'am' if time.hour < 12 else 'pm'}"


def _date_label(day: dt.date, today: dt.date) -> str:
    text = f"{_WEEKDAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def _describe(day: dt.date, request: _Request, today: dt.date, moved_to: dt.datetime | None = None) -> str:
    text = _date_label(day, today)
    if request.time is not None:
        return f"{text} at {_time_label(request.time)}"
    if request.window:
        text = f"{text}, {request.window}"
    if moved_to is not None:
        text = f"{text} from {_time_label(moved_to.time())}"
    return text


def _range_label(name: str, request: _Request) -> str:
    if request.time is not None:
        return f"{name} at {_time_label(request.time)}"
    return f"{name}, {request.window}" if request.window else name


def _resolve_time(clock: _Clock, window: str | None) -> dt.time:
    hour = clock.hour
    if not clock.fixed:  # 1-12 with no am/pm
        if window in ("afternoon", "evening"):
            hour = hour + 12 if hour < 12 else 12
        elif window is None and hour <= 7:
            hour += 12
    if window is not None:
        low, high = _WINDOW_HOURS[window]
        if not low <= hour <= high:
            raise _NotUnderstood
    return dt.time(hour, clock.minute)


def _evaluate(
    day: dt.date, request: _Request, clinic: ClinicConfig, now: dt.datetime, earliest: dt.datetime
) -> WhenResult:
    today = now.date()

    def refuse(outcome: WhenOutcome) -> WhenResult:
        return WhenResult(outcome, None, request.window, _describe(day, request, today))

    if day < today:
        return refuse(WhenOutcome.IN_PAST)
    if request.time is not None and _at(day, request.time, clinic) <= now:
        return refuse(WhenOutcome.IN_PAST)
    if request.window and _at(day, WINDOWS[request.window][1], clinic) - CONSULTATION <= now:
        return refuse(WhenOutcome.IN_PAST)
    if (day - today).days > MAX_DAYS_AHEAD:
        return refuse(WhenOutcome.TOO_FAR)
    hours = _hours(day, clinic)
    if hours is None:
        return refuse(WhenOutcome.CLINIC_CLOSED)
    opens, last_start = _at(day, hours[0], clinic), _at(day, hours[1], clinic) - CONSULTATION
    if request.time is not None:
        start = _at(day, request.time, clinic)
        if not opens <= start <= last_start:
            return refuse(WhenOutcome.CLINIC_CLOSED)
        return WhenResult(WhenOutcome.OK, start, None, _describe(day, request, today))
    low, high = opens, last_start
    if request.window:
        window_start, window_end = WINDOWS[request.window]
        low = max(low, _at(day, window_start, clinic))
        high = min(high, _at(day, window_end, clinic) - CONSULTATION)
    natural = low
    low = max(low, earliest)
    if low > high:
        return refuse(WhenOutcome.CLINIC_CLOSED)
    label = _describe(day, request, today, moved_to=low if low != natural else None)
    return WhenResult(WhenOutcome.OK, low, request.window, label)


def _first_fit(
    days: list[dt.date], request: _Request, clinic: ClinicConfig, now: dt.datetime, earliest: dt.datetime, name: str
) -> WhenResult:
    outcomes = set()
    for day in days:
        result = _evaluate(day, request, clinic, now, earliest)
        if result.ok:
            return result
        outcomes.add(result.outcome)
    outcome = WhenOutcome.IN_PAST if outcomes == {WhenOutcome.IN_PAST} else WhenOutcome.CLINIC_CLOSED
    if outcomes == {WhenOutcome.TOO_FAR}:
        outcome = WhenOutcome.TOO_FAR
    return WhenResult(outcome, None, request.window, _range_label(name, request))


def _range_days(name: str, today: dt.date) -> list[dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    if name.startswith("next"):
        monday += dt.timedelta(days=7)
    offsets = range(5, 7) if name.endswith("weekend") else range(7)
    return [monday + dt.timedelta(days=offset) for offset in offsets]


def _requested_start(day: dt.date, request: _Request, clinic: ClinicConfig) -> dt.time | None:
    if request.time is not None:
        return request.time
    if request.window:
        return WINDOWS[request.window][0]
    hours = _hours(day, clinic)
    return hours[0] if hours else None


def _resolve(found: _Found, clinic: ClinicConfig, now: dt.datetime) -> WhenResult:
    today = now.date()
    dates, weekdays, windows, clocks = set(found.dates), set(found.weekdays), set(found.windows), set(found.clocks)
    if len(dates) > 1 or len(set(found.ranges)) > 1 or len({w for w, _ in weekdays}) > 1:
        return NOT_UNDERSTOOD
    if len(windows) > 1 or len(clocks) > 1:
        return NOT_UNDERSTOOD
    if dates and found.ranges:
        return NOT_UNDERSTOOD
    window = next(iter(windows), None)
    time = _resolve_time(next(iter(clocks)), window) if clocks else None
    request = _Request(time, None if time is not None else window)
    weekday = next(iter(weekdays), None)
    earliest = _next_half_hour(now)

    if found.ranges:
        name = found.ranges[0]
        days = _range_days(name, today)
        if weekday is not None:
            chosen = [day for day in days if day.weekday() == weekday[0]]
            if not chosen:
                return NOT_UNDERSTOOD
            return _evaluate(chosen[0], request, clinic, now, earliest)
        return _first_fit([d for d in days if d >= today], request, clinic, now, earliest, name)

    if found.asap:
        if dates or weekday is not None or time is not None:
            return NOT_UNDERSTOOD
        threshold = (now.astimezone(dt.timezone.utc) + ASAP_LEAD).astimezone(clinic.timezone)  # 24 real hours
        days = [threshold.date() + dt.timedelta(days=n) for n in range(ASAP_SEARCH_DAYS)]
        result = _first_fit(days, request, clinic, now, _half_hour_at_or_after(threshold), "as soon as possible")
        if result.ok and result.start is not None:
            label = f"{_date_label(result.start.date(), today)} at {_time_label(result.start.time())}"
            result = WhenResult(result.outcome, result.start, result.window, label)
        return result

    if dates:
        day = next(iter(dates))
        if weekday is not None and weekday[0] != day.weekday():
            return NOT_UNDERSTOOD
        return _evaluate(day, request, clinic, now, earliest)

    if weekday is None:
        return NOT_UNDERSTOOD
    index, said_next = weekday
    if said_next:
        day = _range_days("next week", today)[index]
    else:
        ahead = (index - today.weekday()) % 7
        day = today + dt.timedelta(days=ahead)
        if ahead == 0:
            start = _requested_start(today, request, clinic)
            if start is None or _at(today, start, clinic) <= now:
                day += dt.timedelta(days=7)
    return _evaluate(day, request, clinic, now, earliest)


def parse_preferred_time(text: str, *, clinic: ClinicConfig, now: dt.datetime) -> WhenResult:
    """Read the visitor's preferred consultation time; see the module docstring for the reading rules."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_preferred_time needs an aware `now` datetime.")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_LENGTH:
        return NOT_UNDERSTOOD
    local_now = now.astimezone(clinic.timezone)
    try:
        found = _scan(text, local_now.date())
        return _resolve(found, clinic, local_now)
    except _NotUnderstood:
        return NOT_UNDERSTOOD
