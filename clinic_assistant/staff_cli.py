"""Staff accounts of the console, from the command line. There is no default account.

    python -m clinic_assistant.staff_cli create USERNAME --display-name "Sam Lee"
    python -m clinic_assistant.staff_cli reset USERNAME

The password is asked twice (not echoed), or read from STAFF_PASSWORD for scripts. It needs at
least 12 characters and must not be a common one. `reset` sets a new password, unlocks the
account and ends its open console sessions. Migrations are applied first.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.db.staff import (
    MIN_PASSWORD_LENGTH,
    StaffError,
    create_staff_user,
    get_staff_user,
    password_problem,
    set_password,
    validate_username,
)
from clinic_assistant.settings import SettingsError, StaffCliSettings, load_staff_cli_settings


class CliError(Exception):
    """Stops the command with a message and exit code 1."""


def read_password(
    username: str, prompt: Callable[[str], str] = getpass.getpass, from_env: str | None = None
) -> str:
    if from_env is not None:
        password = from_env
    else:
        password = prompt(f"New password for {username} (at least {MIN_PASSWORD_LENGTH} characters): ")
        if prompt("The same password again: ") != password:
            raise CliError("The two passwords differ; nothing was changed.")
    problem = password_problem(password, username)
    if problem:
        raise CliError(problem)
    return password


def create(settings: StaffCliSettings, username: str, display_name: str, prompt=getpass.getpass) -> str:
    name = validate_username(username)
    with session_scope(settings.database_url) as session:
        if get_staff_user(session=session, username=name) is not None:
            raise CliError(f"A staff user named {name!r} exists already; use `reset {name}` for a new password.")
    password = read_password(name, prompt, settings.staff_password)
    with session_scope(settings.database_url) as session:
        create_staff_user(session=session, username=name, display_name=display_name, password=password)
        record(session=session, action=AuditAction.PASSWORD_SET, staff_username=None, detail=f"created {name} (cli)")
    return f"Created staff user {name} ({display_name.strip()})."


def reset(settings: StaffCliSettings, username: str, prompt=getpass.getpass) -> str:
    name = validate_username(username)
    with session_scope(settings.database_url) as session:
        if get_staff_user(session=session, username=name) is None:
            raise CliError(f"There is no staff user named {name!r}.")
    password = read_password(name, prompt, settings.staff_password)
    with session_scope(settings.database_url) as session:
        user = get_staff_user(session=session, username=name)
        set_password(session=session, user=user, password=password)
        record(session=session, action=AuditAction.PASSWORD_SET, staff_username=None, detail=f"reset {name} (cli)")
    return f"New password set for {name}; the account is unlocked and its sessions have ended."


def main(argv: Sequence[str] | None = None, prompt=getpass.getpass) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic_assistant.staff_cli", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create_parser = commands.add_parser("create", help="create a staff account")
    create_parser.add_argument("username")
    create_parser.add_argument(
        "--display-name", required=True, help='the name visitors and colleagues see, e.g. "Sam Lee"'
    )
    reset_parser = commands.add_parser("reset", help="set a new password, unlock the account, end its sessions")
    reset_parser.add_argument("username")
    args = parser.parse_args(argv)
    try:
        settings = load_staff_cli_settings()
        upgrade(settings.database_url)
        if args.command == "create":
            message = create(settings, args.username, args.display_name, prompt)
        else:
            message = reset(settings, args.username, prompt)
    except (CliError, StaffError, SettingsError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nCancelled; nothing was changed.", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
