"""Personal details leave visitor messages before they become training or test data."""
from __future__ import annotations

import pytest

from clinic_assistant.review.pii import ADDRESS, DATE, EMAIL, NAME, PHONE, scrub

REMOVED = [
    # (message, the personal detail that must go, what stands in for it)
    ("call me back on (503) 555-0142 please", "555-0142", PHONE),
    ("my number is 503.555.0142", "503.555.0142", PHONE),
    ("its +1 503 555 0142", "503 555 0142", PHONE),
    ("reach me at 5035550142", "5035550142", PHONE),
    ("+15035550142 is my cell", "15035550142", PHONE),
    ("503-555-0142", "503-555-0142", PHONE),
    ("text 555-0142 after 5", "555-0142", PHONE),
    ("email me at jane.doe+clinic@mail.co.uk", "jane.doe", EMAIL),
    ("JOHN_SMITH@Example.COM is best", "JOHN_SMITH", EMAIL),
    ("my name is Sam Lee and i want to book", "Sam", NAME),
    ("my name is Sam Lee and i want to book", "Lee", NAME),
    ("my name's jordan", "jordan", NAME),
    ("I'm Sam, is it safe?", "Sam", NAME),
    ("hi im sam", "sam", NAME),
    ("I’m Priya and I have questions", "Priya", NAME),
    ("this is Dana speaking", "Dana", NAME),
    ("you can call me Jo", "Jo", NAME),
    ("Thanks Marguerite!", "Marguerite", NAME),
    ("my dob is 03/14/1990", "1990", DATE),
    ("born 3/14/90", "3/14/90", DATE),
    ("DOB: 1990-03-14", "1990-03-14", DATE),
    ("I was born on March 14th, 1990", "March 14th", DATE),
    ("birthday 14 March 1990", "14 March", DATE),
    ("i was born in 1985 if that matters", "1985", DATE),
    ("I live at 120 Harbor Street, Suite 4", "Harbor", ADDRESS),
    ("send it to 4 N Elm Ave", "Elm", ADDRESS),
]
KEPT = [
    "I called 988 last night",
    "should i call 911",
    "text HOME to 741741",
    "the lifeline is 1-800-273-8255",
    "is it $450 per infusion or $2,700 for six",
    "how long, like 2 weeks?",
    "i've had 6 infusions elsewhere",
    "can i come at 3:30 on friday",
    "i'm 34, is that ok",
    "I'm anxious all the time",
    "i'm not sure it's for me",
    "I'm Tired of waiting",
    "I'm pregnant, can I still do it",
    "this is expensive",
    "what is ketamine",
    "my therapist said 2-3 sessions a week",
    "i've been on sertraline 50 for 3 years",
    "my anxiety started in 2019",
    "open monday to friday?",
    "Thanks a lot",
]


@pytest.mark.parametrize("message, detail, stand_in", REMOVED)
def test_personal_details_are_replaced(message, detail, stand_in):
    scrubbed = scrub(message)
    assert detail not in scrubbed, scrubbed
    assert stand_in in scrubbed, scrubbed


@pytest.mark.parametrize("message", KEPT)
def test_what_is_not_personal_stays_word_for_word(message):
    assert scrub(message) == message


def test_the_rest_of_the_message_stays():
    assert scrub("I'm Sam, email sam@x.org or call 503-555-0142, is it addictive?") == (
        f"I'm {NAME}, email {EMAIL} or call {PHONE}, is it addictive?"
    )


def test_long_repetitive_input_is_read_only_up_to_its_bound():
    # The bound is what keeps it fast (no timings in tests).
    scrubbed = scrub("my name is " * 20_000 + "1" * 50_000 + "@" * 10_000)
    assert len(scrubbed) < 5_000  # at most MAX_CHARS read, stand-ins a little longer
