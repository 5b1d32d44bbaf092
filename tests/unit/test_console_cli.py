"""The staff account command line (python -m clinic_assistant.staff_cli) and the password rules."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import inspect, select

from clinic_assistant.db.engine import make_engine, session_scope
from clinic_assistant.db.models import AuditEvent, StaffUser
from clinic_assistant.db.staff import LoginOutcome, authenticate, password_problem
from clinic_assistant.settings import PROJECT_ROOT, get_settings
from clinic_assistant.staff_cli import main

GOOD = "quiet river morning 1987"


def prompts(*answers):
    queue = list(answers)
    return lambda _prompt: queue.pop(0)


def user(username: str = "sam") -> StaffUser | None:
    with session_scope(get_settings().database_url) as session:
        return session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()


def login(username: str, password: str) -> LoginOutcome:
    with session_scope(get_settings().database_url) as session:
        return authenticate(session=session, username=username, password=password).outcome


def test_create_migrates_a_fresh_database_and_asks_for_the_password_twice(capsys, monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    assert main(["create", "Sam", "--display-name", "Sam Lee"], prompt=prompts(GOOD, GOOD)) == 0
    assert "Created staff user sam (Sam Lee)." in capsys.readouterr().out
    created = user()
    assert created.display_name == "Sam Lee" and created.password_hash.startswith("$argon2id$")
    assert GOOD not in created.password_hash
    assert login("sam", GOOD) is LoginOutcome.OK
    tables = inspect(make_engine(get_settings().database_url)).get_table_names()
    assert {"staff_users", "audit_events", "handoffs", "bookings"} <= set(tables)
    with session_scope(get_settings().database_url) as session:
        assert [e.detail for e in session.execute(select(AuditEvent)).scalars()] == ["created sam as staff (cli)"]


def test_create_refuses_two_different_entries_and_an_existing_name(capsys, monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    assert main(["create", "sam", "--display-name", "Sam"], prompt=prompts(GOOD, GOOD + "x")) == 1
    assert "The two passwords differ" in capsys.readouterr().err and user() is None
    monkeypatch.setenv("STAFF_PASSWORD", GOOD)
    assert main(["create", "sam", "--display-name", "Sam"]) == 0
    assert main(["create", "SAM", "--display-name", "Sam again"]) == 1
    assert "exists already" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("Password!!2024", "too common"),
        ("qwertyuiop123", "too common"),
        ("aaaaaaaaaaaaaaaa", "too few different characters"),
        ("123456789012", "too common"),
        ("abcdefghijklmnop", "sequence"),
        ("sam-is-my-name-ok", "must not contain the username"),
    ],
)
def test_weak_passwords_are_refused(password, reason, capsys, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", password)
    assert main(["create", "sam", "--display-name", "Sam Lee"]) == 1
    assert reason in capsys.readouterr().err
    assert user() is None


def test_good_passwords_pass():
    assert password_problem(GOOD, "sam") is None
    assert password_problem("correct horse battery staple", "sam") is None


def test_a_bad_username_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", GOOD)
    assert main(["create", "sam lee", "--display-name", "Sam Lee"]) == 1
    assert "A username has 2 to 64 characters" in capsys.readouterr().err


def test_reset_sets_a_new_password_and_ends_sessions(capsys, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", GOOD)
    main(["create", "sam", "--display-name", "Sam Lee"])
    epoch = user().session_epoch
    new = "another long phrase 2026"
    monkeypatch.setenv("STAFF_PASSWORD", new)
    assert main(["reset", "sam"]) == 0
    assert "sessions have ended" in capsys.readouterr().out
    reset = user()
    assert reset.session_epoch == epoch + 1
    assert login("sam", GOOD) is LoginOutcome.INVALID and login("sam", new) is LoginOutcome.OK
    assert main(["reset", "nobody"]) == 1
    assert "no staff user named 'nobody'" in capsys.readouterr().err


def test_it_runs_as_a_module(tmp_path):
    environ = {**os.environ, "STAFF_PASSWORD": GOOD, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    done = subprocess.run(
        [sys.executable, "-m", "clinic_assistant.staff_cli", "create", "ana", "--display-name", "Ana Ruiz"],
        cwd=PROJECT_ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Created staff user ana (Ana Ruiz)." in done.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "clinic_assistant.staff_cli", "create", "ana"],
        cwd=PROJECT_ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )
    assert missing.returncode == 2 and "--display-name" in missing.stderr


def test_an_account_is_staff_unless_created_as_admin_and_its_role_can_change(capsys, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", GOOD)
    assert main(["create", "sam", "--display-name", "Sam Lee"]) == 0
    assert main(["create", "ada", "--display-name", "Ada Admin", "--admin"]) == 0
    assert "as an administrator" in capsys.readouterr().out
    assert (user("sam").role, user("ada").role) == ("staff", "admin")
    assert main(["role", "sam", "admin"]) == 0 and user("sam").role == "admin"
    assert main(["role", "ada", "staff"]) == 0 and user("ada").role == "staff"
    assert main(["role", "nobody", "admin"]) == 1
    with pytest.raises(SystemExit):
        main(["role", "sam", "owner"])
