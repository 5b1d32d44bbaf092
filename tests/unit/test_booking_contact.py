import pytest

from clinic_assistant.booking.contact import ContactOutcome, ContactResult, mask_contact, parse_contact

OK = ContactOutcome.OK
INVALID = ContactOutcome.INVALID

LONGEST_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com"
TOO_LONG_EMAIL = LONGEST_EMAIL.replace(".com", "d.com")  # every part still valid, one character over 254

# (text, outcome, kind, value)
CASES = [
    # North American numbers, normalised to E.164
    ("(555) 010-0199", OK, "phone", "+15550100199"),
    ("555.010.0199", OK, "phone", "+15550100199"),
    ("555 010 0199", OK, "phone", "+15550100199"),
    ("555-010-0199", OK, "phone", "+15550100199"),
    ("5550100199", OK, "phone", "+15550100199"),
    ("+1 555 010 0199", OK, "phone", "+15550100199"),
    ("+1 (555) 010-0199", OK, "phone", "+15550100199"),
    ("1-555-010-0199", OK, "phone", "+15550100199"),
    ("1 555 010 0199", OK, "phone", "+15550100199"),
    ("15550100199", OK, "phone", "+15550100199"),
    ("(212) 555-0199", OK, "phone", "+12125550199"),
    ("phone: +1-212-555-0199!", OK, "phone", "+12125550199"),
    # embedded in a sentence
    ("my number is 555 010 0199", OK, "phone", "+15550100199"),
    ("call me after 3 on 555-010-0199, thanks", OK, "phone", "+15550100199"),
    ("reach me @ 555 010 0199", OK, "phone", "+15550100199"),
    ("+1 (555) 010-0199 ext 12", OK, "phone", "+15550100199"),
    ("call 555 010 0199, or +1 (555) 010-0199", OK, "phone", "+15550100199"),  # the same number twice
    # other countries: a leading + (or 00 / 011) and 8-15 digits
    ("+44 20 7946 0958", OK, "phone", "+442079460958"),
    ("0044 20 7946 0958", OK, "phone", "+442079460958"),
    ("011 44 20 7946 0958", OK, "phone", "+442079460958"),
    ("+49 30 123456", OK, "phone", "+4930123456"),
    ("+353 1 234 5678", OK, "phone", "+35312345678"),
    # invalid phones
    ("555 0199", INVALID, "phone", None),  # too short
    ("55501001999", INVALID, "phone", None),  # eleven digits not starting with 1
    ("+123456789012345678", INVALID, "phone", None),  # too long
    ("+1 555 010 019", INVALID, "phone", None),  # +1 needs ten more digits
    ("+49 1234", INVALID, None, None),  # fewer than seven digits is not a phone at all
    ("+1 055 010 0199", INVALID, "phone", None),  # area code starting with 0
    ("(155) 234-0199", INVALID, "phone", None),  # area code starting with 1
    ("(212) 155-0199", INVALID, "phone", None),  # exchange starting with 1
    ("(212) 055-0199", INVALID, "phone", None),  # exchange starting with 0
    ("(555) 020-0199", INVALID, "phone", None),  # only 555-01X is the fictional exception
    ("(911) 555-0199", INVALID, "phone", None),  # N11 area code
    ("(212) 911-0199", INVALID, "phone", None),  # N11 exchange
    ("44 20 7946 0958", INVALID, "phone", None),  # international without +
    ("555-010-0199x", INVALID, None, None),  # letters glued to the digits
    ("555-CALL-NOW", INVALID, None, None),
    ("555 010 0199 or 555 010 0100", INVALID, "phone", None),  # two different numbers
    # emails
    ("jane@example.com", OK, "email", "jane@example.com"),
    ("  Jane.Doe@Example.COM  ", OK, "email", "Jane.Doe@example.com"),
    ("you can reach me at jane@example.com.", OK, "email", "jane@example.com"),
    ("Email: <jane+clinic@mail.example.org>", OK, "email", "jane+clinic@mail.example.org"),
    ("mailto:jane@example.com", OK, "email", "jane@example.com"),
    ("'jane@example.com'", OK, "email", "jane@example.com"),
    ("o'brien@example.ie", OK, "email", "o'brien@example.ie"),
    ("jane@xn--bcher-kva.example", OK, "email", "jane@xn--bcher-kva.example"),
    (LONGEST_EMAIL, OK, "email", LONGEST_EMAIL),
    # invalid emails
    (TOO_LONG_EMAIL, INVALID, "email", None),
    ("a" * 65 + "@example.com", INVALID, "email", None),  # local part too long
    ("jane@@example.com", INVALID, "email", None),
    ("a@b@example.com", INVALID, "email", None),
    ("jane@example", INVALID, "email", None),
    ("me@localhost", INVALID, "email", None),
    ("jane @example.com", INVALID, "email", None),
    ("jane@exa mple.com", INVALID, "email", None),
    ("jane..doe@example.com", INVALID, "email", None),
    (".jane@example.com", INVALID, "email", None),
    ("jane.@example.com", INVALID, "email", None),
    ("jane@-example.com", INVALID, "email", None),
    ("jane@example..com", INVALID, "email", None),
    ("jane@example.c", INVALID, "email", None),
    ("jane@example.123", INVALID, "email", None),
    ("jane@ex_ample.com", INVALID, "email", None),
    ("jané@example.com", INVALID, "email", None),
    ("jane@", INVALID, "email", None),
    # nothing usable, or two different contacts
    ("", INVALID, None, None),
    ("   ", INVALID, None, None),
    ("banana", INVALID, None, None),
    ("12345", INVALID, None, None),
    ("🙂", INVALID, None, None),
    ("call me at 555 010 0199 " + "x" * 500, INVALID, None, None),
    ("jane@example.com or 555 010 0199", INVALID, None, None),
]


def test_the_longest_email_cases_sit_on_the_limit():
    assert (len(LONGEST_EMAIL), len(TOO_LONG_EMAIL)) == (254, 255)


@pytest.mark.parametrize("text, outcome, kind, value", CASES, ids=[case[0][:40] for case in CASES])
def test_parse_contact(text, outcome, kind, value):
    assert parse_contact(text) == ContactResult(outcome, kind, value)


def test_a_missing_answer_is_invalid():
    assert parse_contact(None) == ContactResult(INVALID)


@pytest.mark.parametrize(
    "value, masked",
    [
        ("jane@example.com", "j***@example.com"),
        ("Jane.Doe@example.com", "J***@example.com"),
        ("+15550100199", "+1******0199"),
        ("+442079460958", "+4*******0958"),
        ("5550100199", "******0199"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_contact(value, masked):
    assert mask_contact(value) == masked


@pytest.mark.parametrize("text", ["(555) 010-0199", "you can reach me at jane@example.com", "+44 20 7946 0958"])
def test_masking_a_parsed_contact_hides_all_but_a_hint(text):
    value = parse_contact(text).value
    masked = mask_contact(value)
    assert masked != value
    assert "***" in masked
