"""Read the contact a visitor leaves for the consultation booking: one email address or one phone number.

    parse_contact("you can reach me at Jane.Doe@Example.COM")  # OK, "email", "Jane.Doe@example.com"
    parse_contact("my number is (555) 010-0199")                # OK, "phone", "+15550100199"
    mask_contact("+15550100199")                                # "+1******0199"

Plain stdlib, no Rasa import.

Rules
-----
* The contact may sit inside a sentence ("you can reach me at jane@example.com."). Exactly one contact
  must be found: a message with two different ones (an email and a phone, or two phones) is INVALID, so
  the form asks again rather than pick one. Messages longer than 500 characters are INVALID.
* Email: trimmed of surrounding quotes, trailing sentence punctuation and a "mailto:" prefix; the local
  part keeps its case, the domain is lower-cased. Checked: exactly one "@", no spaces, at most 254
  characters (local part at most 64), a local part of letters, digits and !#$%&'*+/=?^_`{|}~.- without
  leading, trailing or doubled dots, and a domain of at least two dot-separated labels (letters, digits,
  inner hyphens) ending in an alphabetic top-level domain of two or more letters (or an "xn--" one).
  ASCII addresses only.
* Phone: a run of digits with the usual separators (spaces, dots, hyphens, parentheses), seven digits or
  more, not glued to letters ("555-010-0199x" is INVALID).
  - North American (NANP) numbers: ten digits, or eleven starting with 1, with or without "+1", become
    E.164 "+1XXXXXXXXXX". The area code and the exchange must not start with 0 or 1 and must not be
    an N11 service code (911, 411, ...).
    Exception, for testing convenience: area code 555 with an exchange 010-019 (the 555-01X range, as
    in the clinic's sample number (555) 010-0199) is accepted. These are fictional numbers; the usual
    fictional range NXX-555-0100..0199 already passes the ordinary rules.
  - Other countries must be written with a leading "+" (or the international prefix 00 / 011) and
    have 8-15 digits; they are kept as "+" and the digits, without further checks.
  - Anything else (too short, too long, a number without country code that is not NANP) is INVALID.
  - A short digit run next to the number (an extension, "ext 12", or a time, "after 3") is ignored.
* INVALID results carry `kind` when the text clearly tried one kind ("email" when an address-like word
  with "@" was found, "phone" when a long digit run was), so the reply can say which part looks wrong;
  `value` is always None then.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

MAX_TEXT_LENGTH = 500
MAX_EMAIL_LENGTH = 254
MAX_LOCAL_LENGTH = 64
MIN_PHONE_DIGITS = 7

EMAIL = "email"
PHONE = "phone"


class ContactOutcome(Enum):
    OK = "ok"
    INVALID = "invalid"


@dataclass(frozen=True)
class ContactResult:
    outcome: ContactOutcome
    kind: str | None = None
    value: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is ContactOutcome.OK


INVALID = ContactResult(ContactOutcome.INVALID)

_EMAIL_WORD = re.compile(r"""[^\s<>()\[\]{},;:"]*@[^\s<>()\[\]{},;:"]*""")
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*", re.ASCII)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.ASCII)
_PHONE_RUN = re.compile(r"(?<![\w+])(\+\s*)?(\(?\d[\d\s().\-]*\d)(?!\w)", re.ASCII)
_LEADING_PUNCTUATION = "'\""
_TRAILING_PUNCTUATION = "'\".,!?;:"


def _check_email(word: str) -> str | None:
    word = word.lstrip(_LEADING_PUNCTUATION).rstrip(_TRAILING_PUNCTUATION)
    if word.lower().startswith("mailto:"):
        word = word[len("mailto:") :]
    if word.count("@") != 1 or len(word) > MAX_EMAIL_LENGTH:
        return None
    local, domain = word.split("@")
    domain = domain.lower()
    if len(local) > MAX_LOCAL_LENGTH or not _LOCAL.fullmatch(local):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if not _TLD.fullmatch(labels[-1]):
        return None
    return f"{local}@{domain}"


def _nanp(digits: str) -> str | None:
    """Ten NANP digits (area code, exchange, line) as E.164, or None."""
    area, exchange = digits[:3], digits[3:6]
    if area == "555" and exchange.startswith("01"):
        return "+1" + digits  # the fictional 555-01X range used in the clinic's samples
    for part in (area, exchange):
        if part[0] in "01" or part[1:] == "11":
            return None
    return "+1" + digits


def _check_phone(plus: bool, digits: str) -> str | None:
    if not plus and digits.startswith(("011", "00")):
        digits, plus = digits[3:] if digits.startswith("011") else digits[2:], True
    if plus:
        if digits.startswith("1"):
            return _nanp(digits[1:]) if len(digits) == 11 else None
        return "+" + digits if 8 <= len(digits) <= 15 else None
    if len(digits) == 11 and digits.startswith("1"):
        return _nanp(digits[1:])
    if len(digits) == 10:
        return _nanp(digits)
    return None


def parse_contact(text: str) -> ContactResult:
    """Find one email address or phone number in `text` and normalise it; see the module docstring."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_LENGTH:
        return INVALID
    emails = [m for m in _EMAIL_WORD.finditer(text) if m.group().strip(_TRAILING_PUNCTUATION + "@")]
    rest = text
    for match in emails:
        rest = rest[: match.start()] + " " * len(match.group()) + rest[match.end() :]
    phones = []
    for match in _PHONE_RUN.finditer(rest):
        digits = re.sub(r"\D", "", match.group(2))
        if len(digits) >= MIN_PHONE_DIGITS:
            phones.append((bool(match.group(1)), digits))

    found = [(EMAIL, _check_email(m.group()), m.group()) for m in emails]
    found += [(PHONE, _check_phone(plus, digits), digits) for plus, digits in phones]
    distinct = {(kind, value or raw) for kind, value, raw in found}
    if not distinct:
        return INVALID
    if len(distinct) > 1:
        kinds = {kind for kind, _ in distinct}
        return ContactResult(ContactOutcome.INVALID, kinds.pop() if len(kinds) == 1 else None)
    kind, value, _ = found[0]
    if value is None:
        return ContactResult(ContactOutcome.INVALID, kind)
    return ContactResult(ContactOutcome.OK, kind, value)


def mask_contact(value: str | None) -> str:
    """A contact shortened for logs and staff lists: "j***@example.com", "+1******0199".

    Email: the first character of the local part, "***", then the domain. Phone in E.164: "+", the first
    digit, stars, the last four digits. Other digit strings keep only their last four digits; anything
    else (fewer than eight digits) becomes "***".
    """
    if not value:
        return ""
    value = value.strip()
    if "@" in value:
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    digits = re.sub(r"\D", "", value)
    if len(digits) < 8:
        return "***"
    if value.startswith("+"):
        return "+" + digits[0] + "*" * (len(digits) - 5) + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]
