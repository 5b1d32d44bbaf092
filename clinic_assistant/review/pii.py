"""Removing personal details from visitor messages before they become training or test data.

Tested rules (tests/unit/test_review_pii.py has the table of tricky inputs), each replacing what
it finds with a fixed fictional stand-in, so that an example still reads like a message:

| what | examples | becomes |
|---|---|---|
| e-mail address | jane.doe+x@mail.co.uk | someone@example.com |
| phone number | (503) 555-0142, 503.555.0142, +1 503 555 0142, 5035550142 | 555-0100 |
| date of birth / full date | 03/14/1990, 1990-03-14, March 14th 1990, 14 Mar 90, "born in 1985" | 01/01/2000 |
| street address | 120 Harbor Street, 4 N Elm Ave | 1 Main Street |
| name after a cue | "my name is Sam Lee", "I'm Sam", "im sam", "this is Dana", "call me Jo" | Alex |

Numbers that are not personal stay: crisis and emergency lines (988, 911, 741741, 1-800 lines),
amounts ($450), durations ("2 weeks", "6 infusions"), times ("at 3:30"), ages ("i'm 34").
Rules are linear regular expressions over a bounded text (MAX_CHARS).
"""
from __future__ import annotations

import re

MAX_CHARS = 2000
NAME = "Alex"
EMAIL = "someone@example.com"
PHONE = "555-0100"
DATE = "01/01/2000"
ADDRESS = "1 Main Street"

_EMAIL = re.compile(r"\b[\w.+%-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\.[a-z]{2,24}\b", re.IGNORECASE)
# Public lines a visitor may quote: never personal.
_PUBLIC_NUMBERS = re.compile(r"^(?:1?8(?:00|88|77|66|55|44|33)\d{7}|988|911|741741|838255|88788)$")
_PHONE = re.compile(
    r"(?<![\w$])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)"  # (503) 555-0142
    r"|(?<![\w$])\+?\d{10,13}(?![\w,])"  # 5035550142, +15035550142
    r"|(?<![\w$])\d{3}[\s.-]\d{4}(?![\w-])"  # 555-0142
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d{2}|20\d{2}|'?\d{2})"
_DATE = re.compile(
    rf"\b(?:{_DAY}[/.-]{_DAY}[/.-](?:19|20)?\d{{2}}"  # 03/14/1990, 14.03.90
    rf"|(?:19|20)\d{{2}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}"  # 1990-03-14
    rf"|{_MONTHS}\s+{_DAY},?\s+{_YEAR}"  # March 14th, 1990
    rf"|{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR})\b",  # 14 March 1990
    re.IGNORECASE,
)
_BORN = re.compile(
    rf"\b(born|dob|d\.o\.b\.?|date of birth|birthday)(\s*(?:is|was|:|on|in)?\s*)"
    rf"(?:{_MONTHS}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTHS}|(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|"
    r"parkway|pkwy|highway|hwy|circle|cir)"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[nsew]\.?\s+)?(?:[A-Za-z][a-z]+\s+){{1,3}}{_STREET_TYPES}\b\.?(?:,?\s+(?:apt|suite|unit|#)\s*\w+)?",
    re.IGNORECASE,
)
# After these a name always follows (a surname too when capitalised).
_NAME_CUE = re.compile(
    r"\b((?i:my name is|my names|my name['’]s|name is|name['’]s|call me|i go by))\s+"
    r"((?!(?i:not|a|an|the|just|really|so|very)\b)[A-Za-z][a-z'-]{1,30})(\s+[A-Z][a-z'-]{1,30})?"
)
# After these a word is a name when it is a common first name, or written as one (capitalised and
# not a word known to follow them).
_SOFT_CUES = (
    re.compile(r"\b((?i:i['\u2019]?m|i am|this is|it['\u2019]?s))\s+([A-Za-z][a-z'-]{1,30})(\s+[A-Z][a-z'-]{1,30})?\b"),
    re.compile(r"\b((?i:hi|hello|hey|thanks|thank you))\s+([A-Za-z][a-z'-]{1,30})(\s+[A-Z][a-z'-]{1,30})?\b"),
)
# Capitalised words that follow "I'm" / "this is" and are not names.
_NOT_NAMES = frozenset(
    """
    a an the not so very really just also still here there back ok okay fine good well sorry sure glad happy sad
    scared afraid anxious worried nervous tired done new interested curious looking trying thinking wondering
    calling asking writing going feeling considering ready able unable pregnant over under on in at from with
    about after before currently actually honestly literally kind sort pretty quite too totally definitely
    bot robot human person patient parent mom dad mother father veteran nurse doctor student teacher
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    ketamine spravato stillwater clinic me you it that this what yes no maybe hopeful confused
    """.split()
)
# Common first names, matched in lower case too ("im sam"). Names that are also ordinary words
# ("will", "may", "hope", "grace") are left out: the capitalised rule catches them as written.
_FIRST_NAMES = frozenset(
    """
    james john robert michael david william richard joseph thomas chris christopher charles daniel matthew
    anthony mark steven paul andrew josh joshua kevin brian george tim timothy ron ronald jason ryan jacob
    gary nick nicholas eric jonathan stephen larry justin scott brandon ben benjamin sam samuel greg gregory
    alex alexander frank patrick ray raymond jack dennis jerry tyler aaron jose adam nathan henry zach peter
    kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl dylan harold jordan
    jesse bryan lawrence arthur gabriel bruce logan albert willie alan eugene russell vincent elijah louis
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret
    ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon laura cynthia
    amy kathleen angela shirley brenda emma anna pamela nicole samantha katherine christine helen debra
    rachel carolyn janet maria catherine heather diane olivia julie joyce victoria ruth virginia lauren
    kelly christina joan evelyn judith andrea hannah megan cheryl jacqueline martha madison teresa gloria
    sara janice ann kathryn abigail sophia frances jean alice judy isabella julia beverly denise marilyn
    amber danielle rose brittany diana natalie sophie taylor casey morgan riley jamie dana pat kim jo lee
    maria juan carlos luis miguel jorge pedro ana lucia sofia camila valentina mateo diego priya raj wei
    """.split()
)


def _cue_name(match: re.Match[str]) -> str:
    return f"{match.group(1)} {NAME}"


def _soft_name(match: re.Match[str]) -> str:
    cue, word = match.group(1), match.group(2)
    lowered = word.lower()
    if lowered in _FIRST_NAMES or (word[0].isupper() and lowered not in _NOT_NAMES):
        return f"{cue} {NAME}"
    return match.group(0)


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return match.group(0) if _PUBLIC_NUMBERS.match(digits) else PHONE


def _born(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2) or ' '}{DATE}"


def scrub(text: str) -> str:
    """The text with personal details replaced by stand-ins (the order matters: e-mail addresses
    before phone numbers, dates before phone numbers, addresses before names)."""
    text = text[:MAX_CHARS]
    text = _EMAIL.sub(EMAIL, text)
    text = _DATE.sub(DATE, text)
    text = _BORN.sub(_born, text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _PHONE.sub(_phone, text)
    text = _NAME_CUE.sub(_cue_name, text)
    for cue in _SOFT_CUES:
        text = cue.sub(_soft_name, text)
    return text
