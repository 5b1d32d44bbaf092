"""One engine and sessionmaker per process, made on first use (never at import time).

Callers own their sessions: `with session_scope() as session:` opens a short unit of work
that commits on success and rolls back on error.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

_sessionmakers: dict[str, sessionmaker] = {}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: names, contacts and message text stay out of error messages and logs.
    engine = create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        # Wait for a busy writer instead of failing at once; enforce foreign keys.
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


def get_sessionmaker(url: str) -> sessionmaker:
    if url not in _sessionmakers:
        _sessionmakers[url] = sessionmaker(bind=make_engine(url), future=True, expire_on_commit=False)
    return _sessionmakers[url]


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def dispose(url: str) -> None:
    """Closes the pooled connections of `url` (tests drop their databases after this)."""
    maker = _sessionmakers.pop(url, None)
    if maker is not None:
        maker.kw["bind"].dispose()
