"""Staff accounts of the console: creation, roles, passwords (argon2id) and the log-in check.

Callers pass their own session (keyword-only). `authenticate()` returns a plain outcome and
never says whether a username exists: an unknown name costs the same hashing time. There is no
lock-out on a name (anyone could keep every account locked): the console throttles attempts by
address and known device instead (clinic_assistant/console/login_throttle.py).
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_assistant.db.models import StaffRole, StaffUser

MIN_PASSWORD_LENGTH = 12
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")

# argon2id with the library's defaults (RFC 9106 low-memory profile). Making it does no work.
_hasher = PasswordHasher()

# Common passwords and their usual stems; a password is refused when, lower-cased and with
# digits and symbols stripped from its ends, it is one of these.
COMMON_PASSWORDS = frozenset(
    """
    password passw0rd passwort motdepasse contrasena qwerty qwertyuiop asdfghjkl zxcvbnm azerty
    letmein welcome welcomehome iloveyou admin administrator changeme secret default login master
    monkey dragon football baseball sunshine princess superman batman trustno shadow starwars
    clinic stillwater ketamine therapy doctor nurse health healthcare hospital patient staff
    abcdefghijkl abcdefgh abcdef abc onetwothree correcthorsebatterystaple
    """.split()
)
KEYBOARD_RUNS = ("qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890", "09876543210")


class StaffError(ValueError):
    """A username or password that the rules refuse; the message says why."""


class LoginOutcome(str, enum.Enum):
    OK = "ok"
    INVALID = "invalid"  # unknown username or wrong password: the same answer for both


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user: StaffUser | None = None


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(name):
        raise StaffError(
            "A username has 2 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit."
        )
    return name


def password_problem(password: str, username: str = "") -> str | None:
    """Why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    lowered = password.lower()
    stem = lowered.strip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    squeezed = re.sub(r"(.)\1+", r"\1", stem)
    if lowered in COMMON_PASSWORDS or stem in COMMON_PASSWORDS or squeezed in COMMON_PASSWORDS or not stem:
        return "That password is too common; choose a longer phrase of unrelated words."
    if len(set(lowered)) < 5:
        return "The password repeats too few different characters."
    if any(lowered in run or stem in run for run in KEYBOARD_RUNS):
        return "The password is a keyboard or alphabet sequence."
    if username and normalise_username(username) in lowered:
        return "The password must not contain the username."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only spends the same time")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_staff_user(*, session: Session, username: str) -> StaffUser | None:
    query = select(StaffUser).where(StaffUser.username == normalise_username(username))
    return session.execute(query).scalar_one_or_none()


def get_staff_user_by_id(*, session: Session, user_id: int) -> StaffUser | None:
    return session.get(StaffUser, user_id)


def list_staff_users(*, session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


def create_staff_user(
    *, session: Session, username: str, display_name: str, password: str, role: StaffRole = StaffRole.STAFF
) -> StaffUser:
    name = validate_username(username)
    display_name = display_name.strip()
    if not display_name or len(display_name) > 120:
        raise StaffError("The display name must have 1 to 120 characters.")
    if get_staff_user(session=session, username=name) is not None:
        raise StaffError(f"A staff user named {name!r} exists already; use `reset` to set a new password.")
    problem = password_problem(password, name)
    if problem:
        raise StaffError(problem)
    user = StaffUser(
        username=name, display_name=display_name, password_hash=hash_password(password),
        failed_attempts=0, session_epoch=0, role=StaffRole(role).value,
    )
    session.add(user)
    session.flush()
    return user


def set_password(*, session: Session, user: StaffUser, password: str) -> None:
    """New password; also ends the account's open console sessions."""
    problem = password_problem(password, user.username)
    if problem:
        raise StaffError(problem)
    user.password_hash = hash_password(password)
    user.session_epoch = (user.session_epoch or 0) + 1
    session.flush()


def set_role(*, session: Session, user: StaffUser, role: StaffRole) -> None:
    """A new role; it applies from the user's next request (the console reads it each time)."""
    user.role = StaffRole(role).value
    session.flush()


def end_sessions(*, session: Session, user: StaffUser) -> None:
    """Ends every console session of the user (each cookie carries the epoch it was issued under)."""
    user.session_epoch = (user.session_epoch or 0) + 1
    session.flush()


def authenticate(*, session: Session, username: str, password: str) -> LoginResult:
    """Checks a log-in: one argon2 check whether or not the name exists, so the answer and its
    time say nothing about accounts. Success upgrades an outdated hash. Throttling is the
    console's job (clinic_assistant/console/login_throttle.py), before this is called."""
    name = normalise_username(username)
    user = get_staff_user(session=session, username=name) if name else None
    if user is None:
        _verify(_dummy_hash(), password)
        return LoginResult(LoginOutcome.INVALID)
    if not _verify(user.password_hash, password):
        return LoginResult(LoginOutcome.INVALID, user)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return LoginResult(LoginOutcome.OK, user)
