import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from clinic_assistant.booking.when import WhenOutcome, WhenResult, parse_preferred_time
from clinic_assistant.clinic import WEEKDAYS, load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT

CLINIC = load_clinic_config(PROJECT_ROOT / "clinic.yml")  # Mon-Wed 9-17, Thu 9-19, Fri 9-15, Los Angeles
LA = ZoneInfo("America/Los_Angeles")

SATURDAY = dt.datetime(2026, 11, 21, 10, 0, tzinfo=LA)
SUNDAY = dt.datetime(2026, 11, 22, 10, 0, tzinfo=LA)
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LA)
MONDAY_LATE_MORNING = dt.datetime(2026, 11, 23, 11, 45, tzinfo=LA)
MONDAY_LATE_AFTERNOON = dt.datetime(2026, 11, 23, 16, 45, tzinfo=LA)
MONDAY_EVENING_AS_UTC = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)  # Monday 18:00 in Los Angeles
# US daylight saving time ends Sunday 2026-11-01 and starts Sunday 2027-03-14.
THURSDAY_BEFORE_FALL_BACK = dt.datetime(2026, 10, 29, 10, 0, tzinfo=LA)
FRIDAY_BEFORE_FALL_BACK = dt.datetime(2026, 10, 30, 10, 0, tzinfo=LA)
MONDAY_AFTER_FALL_BACK = dt.datetime(2026, 11, 2, 10, 0, tzinfo=LA)
FRIDAY_BEFORE_SPRING_FORWARD = dt.datetime(2027, 3, 12, 10, 0, tzinfo=LA)


def parse(text, now):
    return parse_preferred_time(text, clinic=CLINIC, now=now)


# (now, text, start with its UTC offset, window, label)
UNDERSTOOD = [
    # Saturday 21 November 2026, 10:00
    (SATURDAY, "next tuesday afternoon", "2026-11-24T12:00:00-08:00", "afternoon", "Tuesday 24 November, afternoon"),
    (SATURDAY, "Umm, next Tuesday afternoon please!", "2026-11-24T12:00:00-08:00", "afternoon", None),
    (SATURDAY, "tuesday morning", "2026-11-24T09:00:00-08:00", "morning", "Tuesday 24 November, morning"),
    (SATURDAY, "in 3 days", "2026-11-24T09:00:00-08:00", None, "Tuesday 24 November"),
    (SATURDAY, "monday 11am", "2026-11-23T11:00:00-08:00", None, "Monday 23 November at 11:00 am"),
    (SATURDAY, "on friday at 2:30 pm", "2026-11-27T14:30:00-08:00", None, "Friday 27 November at 2:30 pm"),
    (SATURDAY, "december 3 at 1pm", "2026-12-03T13:00:00-08:00", None, "Thursday 3 December at 1:00 pm"),
    (SATURDAY, "3 dec 10am", "2026-12-03T10:00:00-08:00", None, "Thursday 3 December at 10:00 am"),
    (SATURDAY, "the 3rd of December at 10 a.m.", "2026-12-03T10:00:00-08:00", None, None),
    (SATURDAY, "12/3 at 11", "2026-12-03T11:00:00-08:00", None, "Thursday 3 December at 11:00 am"),
    (SATURDAY, "12/3/26 at 11", "2026-12-03T11:00:00-08:00", None, None),
    (SATURDAY, "2026-12-03 14:00", "2026-12-03T14:00:00-08:00", None, "Thursday 3 December at 2:00 pm"),
    (SATURDAY, "2026-12-03T09:00", "2026-12-03T09:00:00-08:00", None, None),
    (SATURDAY, "next week", "2026-11-23T09:00:00-08:00", None, "Monday 23 November"),
    (SATURDAY, "asap", "2026-11-23T09:00:00-08:00", None, "Monday 23 November at 9:00 am"),
    (SATURDAY, "As soon as possible, please.", "2026-11-23T09:00:00-08:00", None, None),
    (SATURDAY, "any afternoon next week", "2026-11-23T12:00:00-08:00", "afternoon", "Monday 23 November, afternoon"),
    (SATURDAY, "next thursday evening", "2026-11-26T17:00:00-08:00", "evening", "Thursday 26 November, evening"),
    (SATURDAY, "tuesday next week", "2026-11-24T09:00:00-08:00", None, None),
    (SATURDAY, "3 o'clock tuesday", "2026-11-24T15:00:00-08:00", None, "Tuesday 24 November at 3:00 pm"),
    (SATURDAY, "TUESDAY AT NOON", "2026-11-24T12:00:00-08:00", None, "Tuesday 24 November at 12:00 pm"),
    (SATURDAY, "tues 10 a.m.", "2026-11-24T10:00:00-08:00", None, None),
    (SATURDAY, "tuesday 24 november", "2026-11-24T09:00:00-08:00", None, "Tuesday 24 November"),
    (SATURDAY, "tuesday the 24th at 2pm", "2026-11-24T14:00:00-08:00", None, None),
    (SATURDAY, "january 5", "2027-01-05T09:00:00-08:00", None, "Tuesday 5 January 2027"),
    (SATURDAY, "in a month", "2026-12-21T09:00:00-08:00", None, "Monday 21 December"),
    (SATURDAY, "the 31st", "2026-12-31T09:00:00-08:00", None, "Thursday 31 December"),
    (SATURDAY, "2027-02-19 10:00", "2027-02-19T10:00:00-08:00", None, "Friday 19 February 2027 at 10:00 am"),
    (SATURDAY, "monday 🙂", "2026-11-23T09:00:00-08:00", None, None),
    # Monday 23 November 2026, 10:00
    (MONDAY, "tomorrow at 3", "2026-11-24T15:00:00-08:00", None, "Tuesday 24 November at 3:00 pm"),
    (MONDAY, "tomorrow at 3pm", "2026-11-24T15:00:00-08:00", None, None),
    (MONDAY, "tomorrow 10:30am", "2026-11-24T10:30:00-08:00", None, "Tuesday 24 November at 10:30 am"),
    (MONDAY, "tomorrow at 3:00", "2026-11-24T15:00:00-08:00", None, None),
    (MONDAY, "tomorrow at 13:00", "2026-11-24T13:00:00-08:00", None, None),
    (MONDAY, "tomorrow at 4:30", "2026-11-24T16:30:00-08:00", None, None),  # last start before 17:00
    (MONDAY, "tomorrow morning at 10", "2026-11-24T10:00:00-08:00", None, None),
    (MONDAY, "today at 4", "2026-11-23T16:00:00-08:00", None, "Monday 23 November at 4:00 pm"),
    (MONDAY, "in 2 weeks", "2026-12-07T09:00:00-08:00", None, "Monday 7 December"),
    (MONDAY, "in two weeks", "2026-12-07T09:00:00-08:00", None, None),
    (MONDAY, "the 30th at 10", "2026-11-30T10:00:00-08:00", None, "Monday 30 November at 10:00 am"),
    (MONDAY, "monday at 11", "2026-11-23T11:00:00-08:00", None, None),  # today: 11:00 is still ahead
    (MONDAY, "monday at 9", "2026-11-30T09:00:00-08:00", None, None),  # 9:00 has passed: next Monday
    (MONDAY, "monday afternoon", "2026-11-23T12:00:00-08:00", "afternoon", None),
    (MONDAY, "tuesday", "2026-11-24T09:00:00-08:00", None, "Tuesday 24 November"),
    (MONDAY, "next tuesday", "2026-12-01T09:00:00-08:00", None, "Tuesday 1 December"),
    (MONDAY, "thursday at 6:30pm", "2026-11-26T18:30:00-08:00", None, None),
    (MONDAY, "tomorrow at two", "2026-11-24T14:00:00-08:00", None, None),
    (MONDAY, "One PM tomorrow", "2026-11-24T13:00:00-08:00", None, None),
    (MONDAY, "in three days", "2026-11-26T09:00:00-08:00", None, "Thursday 26 November"),
    (MONDAY, "one day next week", "2026-11-30T09:00:00-08:00", None, None),
    (MONDAY, "the day after tomorrow at 2", "2026-11-25T14:00:00-08:00", None, None),
    (MONDAY, "asap", "2026-11-24T10:00:00-08:00", None, "Tuesday 24 November at 10:00 am"),
    (MONDAY, "next week", "2026-11-30T09:00:00-08:00", None, "Monday 30 November"),
    (MONDAY, "this afternoon", "2026-11-23T12:00:00-08:00", "afternoon", "Monday 23 November, afternoon"),
    (MONDAY, "this morning", "2026-11-23T10:30:00-08:00", "morning", "Monday 23 November, morning from 10:30 am"),
    (MONDAY, "today", "2026-11-23T10:30:00-08:00", None, "Monday 23 November from 10:30 am"),
    (MONDAY, "any afternoon this week", "2026-11-23T12:00:00-08:00", "afternoon", None),
    (MONDAY_LATE_MORNING, "today", "2026-11-23T12:00:00-08:00", None, "Monday 23 November from 12:00 pm"),
    (MONDAY_EVENING_AS_UTC, "tomorrow at 10", "2026-11-24T10:00:00-08:00", None, "Tuesday 24 November at 10:00 am"),
    # Around the end of daylight saving time (Sunday 1 November 2026): the offset moves from -07:00 to -08:00
    (THURSDAY_BEFORE_FALL_BACK, "tomorrow at 2pm", "2026-10-30T14:00:00-07:00", None, None),
    (FRIDAY_BEFORE_FALL_BACK, "monday at 10", "2026-11-02T10:00:00-08:00", None, "Monday 2 November at 10:00 am"),
    (FRIDAY_BEFORE_FALL_BACK, "in 3 days", "2026-11-02T09:00:00-08:00", None, None),
    (FRIDAY_BEFORE_FALL_BACK, "next week", "2026-11-02T09:00:00-08:00", None, None),
    (FRIDAY_BEFORE_FALL_BACK, "asap", "2026-11-02T09:00:00-08:00", None, None),
    (MONDAY_AFTER_FALL_BACK, "friday at 2", "2026-11-06T14:00:00-08:00", None, None),
    # Around the start of daylight saving time (Sunday 14 March 2027): -08:00 to -07:00
    (FRIDAY_BEFORE_SPRING_FORWARD, "monday at 10", "2027-03-15T10:00:00-07:00", None, "Monday 15 March at 10:00 am"),
    (FRIDAY_BEFORE_SPRING_FORWARD, "next week", "2027-03-15T09:00:00-07:00", None, None),
    (FRIDAY_BEFORE_SPRING_FORWARD, "today at 2", "2027-03-12T14:00:00-08:00", None, None),
]


@pytest.mark.parametrize("now, text, start, window, label", UNDERSTOOD, ids=[case[1] for case in UNDERSTOOD])
def test_understood_times_resolve_to_a_bookable_start(now, text, start, window, label):
    result = parse(text, now)
    assert result.outcome is WhenOutcome.OK, result
    assert result.start.isoformat() == start
    assert result.start.tzinfo == CLINIC.timezone
    assert result.window == window
    if label is not None:
        assert result.label == label


# (now, text, outcome, label)
REFUSED = [
    # the clinic is closed that day, or the time or window is outside the day's hours
    (SATURDAY, "tomorrow at 3", WhenOutcome.CLINIC_CLOSED, "Sunday 22 November at 3:00 pm"),
    (SATURDAY, "today at 4", WhenOutcome.CLINIC_CLOSED, "Saturday 21 November at 4:00 pm"),
    (SATURDAY, "today", WhenOutcome.CLINIC_CLOSED, "Saturday 21 November"),
    (SATURDAY, "in two weeks", WhenOutcome.CLINIC_CLOSED, "Saturday 5 December"),
    (SATURDAY, "2 weeks from now", WhenOutcome.CLINIC_CLOSED, "Saturday 5 December"),
    (SATURDAY, "the 28th at 10", WhenOutcome.CLINIC_CLOSED, "Saturday 28 November at 10:00 am"),
    (SATURDAY, "on friday at 2:45 pm", WhenOutcome.CLINIC_CLOSED, "Friday 27 November at 2:45 pm"),
    (SATURDAY, "next friday evening", WhenOutcome.CLINIC_CLOSED, "Friday 27 November, evening"),
    (SATURDAY, "this week", WhenOutcome.CLINIC_CLOSED, "this week"),
    (SATURDAY, "this weekend", WhenOutcome.CLINIC_CLOSED, "the weekend"),
    (SATURDAY, "next week at 8pm", WhenOutcome.CLINIC_CLOSED, "next week at 8:00 pm"),
    (SUNDAY, "tomorrow at 8pm", WhenOutcome.CLINIC_CLOSED, "Monday 23 November at 8:00 pm"),
    (MONDAY, "tomorrow at 8pm", WhenOutcome.CLINIC_CLOSED, "Tuesday 24 November at 8:00 pm"),
    (MONDAY, "tomorrow at 4:31", WhenOutcome.CLINIC_CLOSED, None),
    (MONDAY, "tomorrow at 8:59am", WhenOutcome.CLINIC_CLOSED, None),
    (MONDAY, "thursday at 7pm", WhenOutcome.CLINIC_CLOSED, None),
    (MONDAY, "this evening", WhenOutcome.CLINIC_CLOSED, "Monday 23 November, evening"),
    (MONDAY, "tonight", WhenOutcome.CLINIC_CLOSED, None),
    (MONDAY, "midnight tomorrow", WhenOutcome.CLINIC_CLOSED, "Tuesday 24 November at 12:00 am"),
    (MONDAY, "tomorrow at 03:00", WhenOutcome.CLINIC_CLOSED, None),
    (MONDAY, "tomorrow at 6 in the evening", WhenOutcome.CLINIC_CLOSED, "Tuesday 24 November at 6:00 pm"),
    (MONDAY, "in 90 days", WhenOutcome.CLINIC_CLOSED, "Sunday 21 February 2027"),
    (MONDAY_LATE_AFTERNOON, "today", WhenOutcome.CLINIC_CLOSED, None),
    (FRIDAY_BEFORE_FALL_BACK, "11/1 at 10", WhenOutcome.CLINIC_CLOSED, "Sunday 1 November at 10:00 am"),
    (FRIDAY_BEFORE_SPRING_FORWARD, "2027-03-14 10:00", WhenOutcome.CLINIC_CLOSED, None),
    # in the past
    (SATURDAY, "yesterday", WhenOutcome.IN_PAST, "Friday 20 November"),
    (SATURDAY, "november 20 at 10", WhenOutcome.IN_PAST, "Friday 20 November at 10:00 am"),
    (SATURDAY, "2026-11-20 10:00", WhenOutcome.IN_PAST, None),
    (SATURDAY, "11/20 at 10", WhenOutcome.IN_PAST, None),
    (SATURDAY, "today at 9", WhenOutcome.IN_PAST, None),
    (SATURDAY, "tuesday this week", WhenOutcome.IN_PAST, "Tuesday 17 November"),
    (MONDAY, "today at 9", WhenOutcome.IN_PAST, "Monday 23 November at 9:00 am"),
    (MONDAY, "today at 10", WhenOutcome.IN_PAST, None),
    (MONDAY_LATE_MORNING, "this morning", WhenOutcome.IN_PAST, "Monday 23 November, morning"),
    (MONDAY_LATE_AFTERNOON, "this afternoon", WhenOutcome.IN_PAST, None),
    (MONDAY_AFTER_FALL_BACK, "2026-10-30 10:00", WhenOutcome.IN_PAST, "Friday 30 October at 10:00 am"),
    # more than 90 days ahead
    (SATURDAY, "2027-02-22 10:00", WhenOutcome.TOO_FAR, "Monday 22 February 2027 at 10:00 am"),
    (SATURDAY, "in 13 weeks", WhenOutcome.TOO_FAR, "Saturday 20 February 2027"),
    (SATURDAY, "in 91 days", WhenOutcome.TOO_FAR, None),
    (SATURDAY, "march 3", WhenOutcome.TOO_FAR, "Wednesday 3 March 2027"),
    (SATURDAY, "in 4 months", WhenOutcome.TOO_FAR, None),
    (MONDAY, "in 91 days", WhenOutcome.TOO_FAR, "Monday 22 February 2027"),
]


@pytest.mark.parametrize("now, text, outcome, label", REFUSED, ids=[case[1] for case in REFUSED])
def test_understood_but_not_bookable_times_say_why(now, text, outcome, label):
    result = parse(text, now)
    assert result.outcome is outcome, result
    assert result.start is None
    if label is not None:
        assert result.label == label


NOT_UNDERSTOOD = [
    "banana",
    "whenever",
    "",
    "   ",
    "🙂📅",
    "?!",
    "next tuesday afternoon " + "if that works for you " * 8,  # too long to be a time
    "tuesday or wednesday",
    "tomorrow 3",
    "tomorrow at 3 or 4",
    "at 3pm",
    "afternoon",
    "not tuesday",
    "any day but tuesday",
    "before friday",
    "last tuesday",
    "every tuesday",
    "wednesday 24 november",
    "the week after next",
    "next month",
    "in a few days",
    "tomorrow morning at 3pm",
    "feb 30",
    "13/45",
    "tomorrow at 25",
    "tomorrow at 3:75",
    "13pm tomorrow",
    "asap on tuesday",
    "tuesday this weekend",
    "tuesday, two people",
    "tomorrow at two thirty",
    "the earliest one on tuesday",
]


@pytest.mark.parametrize("text", NOT_UNDERSTOOD)
def test_anything_else_is_not_understood(text):
    assert parse(text, SATURDAY) == WhenResult(WhenOutcome.NOT_UNDERSTOOD)


def test_a_missing_answer_is_not_understood():
    assert parse(None, SATURDAY).outcome is WhenOutcome.NOT_UNDERSTOOD


def test_now_must_be_aware():
    with pytest.raises(ValueError, match="aware"):
        parse("tomorrow at 3", dt.datetime(2026, 11, 23, 10, 0))


SEVEN_DAY_CLINIC = dataclasses.replace(CLINIC, hours={day: (dt.time(9), dt.time(17)) for day in WEEKDAYS})


@pytest.mark.parametrize(
    "now, start",
    [
        # 24 real hours after Saturday 10:00 PDT is Sunday 09:00 PST (the clocks went back an hour)
        (dt.datetime(2026, 10, 31, 10, 0, tzinfo=LA), "2026-11-01T09:00:00-08:00"),
        # 24 real hours after Saturday 10:00 PST is Sunday 11:00 PDT (the clocks went forward an hour)
        (dt.datetime(2027, 3, 13, 10, 0, tzinfo=LA), "2027-03-14T11:00:00-07:00"),
        # rounded up to the next half hour
        (dt.datetime(2026, 11, 23, 10, 10, tzinfo=LA), "2026-11-24T10:30:00-08:00"),
    ],
)
def test_asap_is_at_least_24_real_hours_ahead_across_daylight_saving_changes(now, start):
    result = parse_preferred_time("asap", clinic=SEVEN_DAY_CLINIC, now=now)
    assert result.outcome is WhenOutcome.OK
    assert result.start.isoformat() == start
    assert result.window is None
