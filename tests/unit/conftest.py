"""Throwaway app databases for store tests: SQLite always, PostgreSQL when reachable; and the
staff console running on one of them.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server on 127.0.0.1:5432). In CI
(CI=true) an unreachable PostgreSQL is a failure, not a skip.
"""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from clinic_assistant.db.migrate import upgrade
from clinic_assistant.settings import get_settings
from tests.support.console import running_console

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/app.db"
        upgrade(url)
        yield url
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            name = f"clinic_test_{uuid.uuid4().hex[:12]}"
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL store tests must run in CI, but {POSTGRES_ADMIN_URL} is unreachable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        from clinic_assistant.db.engine import dispose

        dispose(url)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app_database():
    """The test's own SQLite app database (from the autouse test settings), migrated."""
    url = get_settings().database_url
    upgrade(url)
    return url


@pytest.fixture
def unreachable_database(tmp_path, monkeypatch):
    """DATABASE_URL points below a plain file, so every connection fails (the database is down)."""
    (tmp_path / "not-a-directory").write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/not-a-directory/app.db")
    get_settings.cache_clear()


@pytest.fixture
def console(database_url, tmp_path):
    """The staff console served on a free port, on SQLite and on PostgreSQL (tests/support/console.py)."""
    with running_console(database_url, tmp_path) as console:
        yield console
