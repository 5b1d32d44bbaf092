"""Staff accounts of the console, from the command line. There is no default account.

    python -m clinic_assistant.staff_cli create USERNAME --display-name "Sam Lee" [--admin]
    python -m clinic_assistant.staff_cli reset USERNAME
    python -m clinic_assistant.staff_cli role USERNAME admin|staff

The password is asked twice (not echoed), or read from STAFF_PASSWORD for scripts. It needs at
least 12 characters and must not be a common one. `reset` sets a new password and ends the
account's open console sessions. An administrator (`--admin`, or `role USERNAME admin`) can also
download CSV exports, manage staff accounts and read the audit log. Migrations are applied first.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.migrate import upgrade
from clinic_assistant.db.models import StaffRole
from clinic_assistant.db.staff import (
    MIN_PASSWORD_LENGTH,
    StaffError,
    create_staff_user,
    get_staff_user,
    password_problem,
    set_password,
    set_role,
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


def create(settings: StaffCliSettings, username: str, display_name: str, prompt=getpass.getpass,
           role: StaffRole = StaffRole.STAFF) -> str:
    name = validate_username(username)
    with session_scope(settings.database_url) as session:
        if get_staff_user(session=session, username=name) is not None:
            raise CliError(f"A staff user named {name!r} exists already; use `reset {name}` for a new password.")
    password = read_password(name, prompt, settings.staff_password)
    with session_scope(settings.database_url) as session:
        create_staff_user(session=session, username=name, display_name=display_name, password=password, role=role)
        record(session=session, action=AuditAction.PASSWORD_SET, staff_username=None,
               detail=f"created {name} as {role.value} (cli)")
    as_admin = " as an administrator" if role is StaffRole.ADMIN else ""
    return f"Created staff user {name} ({display_name.strip()}){as_admin}."


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
    return f"New password set for {name}; its console sessions have ended."


def change_role(settings: StaffCliSettings, username: str, role: StaffRole) -> str:
    name = validate_username(username)
    with session_scope(settings.database_url) as session:
        user = get_staff_user(session=session, username=name)
        if user is None:
            raise CliError(f"There is no staff user named {name!r}.")
        old = user.role
        set_role(session=session, user=user, role=role)
        record(session=session, action=AuditAction.STAFF_ROLE, staff_username=None,
               detail=f"{name}: {old} -> {role.value} (cli)")
    return f"{name} is now {role.value}."


def main(argv: Sequence[str] | None = None, prompt=getpass.getpass) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic_assistant.staff_cli", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create_parser = commands.add_parser("create", help="create a staff account")
    create_parser.add_argument("username")
    create_parser.add_argument(
        "--display-name", required=True, help='the name visitors and colleagues see, e.g. "Sam Lee"'
    )
    create_parser.add_argument("--admin", action="store_true",
                               help="an administrator: also CSV exports, staff accounts and the audit log")
    reset_parser = commands.add_parser("reset", help="set a new password and end the account's sessions")
    reset_parser.add_argument("username")
    role_parser = commands.add_parser("role", help="make an account an administrator or plain staff")
    role_parser.add_argument("username")
    role_parser.add_argument("role", choices=[role.value for role in StaffRole])
    args = parser.parse_args(argv)
    try:
        settings = load_staff_cli_settings()
        upgrade(settings.database_url)
        if args.command == "create":
            role = StaffRole.ADMIN if args.admin else StaffRole.STAFF
            message = create(settings, args.username, args.display_name, prompt, role)
        elif args.command == "role":
            message = change_role(settings, args.username, StaffRole(args.role))
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
