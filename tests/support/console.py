"""The staff console for tests: `running_console()` serves the real Flask app on 127.0.0.1 (a free
port) in a background thread, with a throwaway app database, one staff account "sam" (role
staff: tests of exports, accounts and the audit log call `make_admin()`), a temporary SQLite tracker store
holding Rasa's `events` table (tracker_store.TrackerStore), and a fake Rasa client that records
calls and writes the events Rasa would write. `Console` drives it over HTTP like a browser.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from argon2 import PasswordHasher
from sqlalchemy import select
from werkzeug.serving import make_server

from clinic_assistant.console.rasa_client import RasaClientError
from clinic_assistant.db import staff as staff_store
from clinic_assistant.db.audit import latest
from clinic_assistant.db.bookings import create_booking
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import AuditEvent, Booking, Handoff, HandoffReason, StaffRole, StaffUser
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.db.staff import create_staff_user, get_staff_user, set_role
from clinic_assistant.settings import Settings, load_settings
from clinic_assistant.web.app import create_app
from tests.support.tracker_store import TrackerStore

PASSWORD = "calm harbour lantern 42"
# argon2id with small costs: the real ones take about a second per hash on a small CI machine.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
TOKEN_IN_FORM = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN_IN_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class FakeRasaClient:
    """Records every call; writes into the tracker store what the real server would record."""

    tracker: TrackerStore
    calls: list[tuple] = field(default_factory=list)
    fail: bool = False

    def _call(self, *call) -> None:
        if self.fail:
            raise RasaClientError("connection refused")
        self.calls.append(call)

    def pause(self, conversation_id: str) -> None:
        self._call("pause", conversation_id)
        self.tracker.pause(conversation_id)

    def resume(self, conversation_id: str) -> None:
        self._call("resume", conversation_id)
        self.tracker.resume(conversation_id)

    def send_staff_message(self, conversation_id: str, text: str, staff_name: str) -> None:
        self._call("send_staff_message", conversation_id, text, staff_name)
        # As the real client sends it: no top-level text, the words in data.custom.data.
        custom = {"data": {"type": "staff_message", "staff_name": staff_name, "text": text}}
        self.tracker.bot(conversation_id, None, custom=custom)

    def staff_joined(self, conversation_id: str, staff_name: str) -> None:
        self._call("staff_joined", conversation_id, staff_name)
        self.tracker.bot(conversation_id, None, custom={"data": {"type": "staff_joined", "staff_name": staff_name}})

    def staff_left(self, conversation_id: str, staff_name: str) -> None:
        self._call("staff_left", conversation_id, staff_name)
        self.tracker.bot(conversation_id, None, custom={"data": {"type": "staff_left", "staff_name": staff_name}})

    def send_response(self, conversation_id: str, response: str) -> None:
        self._call("send_response", conversation_id, response)
        self.tracker.bot(conversation_id, f"({response})")


@dataclass
class Console:
    base_url: str
    settings: Settings
    tracker: TrackerStore
    rasa: FakeRasaClient
    app: Any

    def url(self, path: str) -> str:
        return self.base_url + path

    # --- HTTP -------------------------------------------------------------------------------

    def browser(self) -> requests.Session:
        return requests.Session()

    def token(self, browser: requests.Session, path: str = "/staff/") -> str:
        page = browser.get(self.url(path))
        match = TOKEN_IN_META.search(page.text)
        assert match, f"no CSRF token on {path}: {page.status_code}"
        return match.group(1)

    def login(self, browser: requests.Session, username: str = "sam", password: str = PASSWORD) -> requests.Response:
        token = self.token(browser, "/staff/login")
        return browser.post(
            self.url("/staff/login"),
            data={"username": username, "password": password, "csrf_token": token},
            allow_redirects=False,
        )

    def logged_in(self, username: str = "sam", password: str = PASSWORD) -> requests.Session:
        browser = self.browser()
        response = self.login(browser, username, password)
        assert response.status_code == 302, response.text
        return browser

    def post(self, browser: requests.Session, path: str, data: dict | None = None, **kwargs) -> requests.Response:
        """A form POST with the session's CSRF token, as the browser would send it."""
        data = {**(data or {}), "csrf_token": self.token(browser)}
        kwargs.setdefault("allow_redirects", False)
        return browser.post(self.url(path), data=data, **kwargs)

    # --- App database ----------------------------------------------------------------------

    def db(self):
        return session_scope(self.settings.database_url)

    def add_staff(self, username: str = "sam", display_name: str = "Sam Lee", password: str = PASSWORD,
                  role: StaffRole = StaffRole.STAFF) -> None:
        with self.db() as session:
            create_staff_user(session=session, username=username, display_name=display_name, password=password,
                              role=role)

    def make_admin(self, username: str = "sam") -> None:
        """Exports, staff accounts and the audit log need an administrator (ADMIN_ENDPOINTS)."""
        with self.db() as session:
            set_role(session=session, user=get_staff_user(session=session, username=username), role=StaffRole.ADMIN)

    def add_handoff(self, conversation_id: str, reason=HandoffReason.REQUEST_HUMAN, minutes_ago: float = 0, **kw):
        with self.db() as session:
            handoff = create_handoff(session=session, conversation_id=conversation_id, reason=reason, **kw)
            handoff.created_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
            return handoff.id

    def handoff(self, handoff_id: int) -> Handoff:
        with self.db() as session:
            return session.get(Handoff, handoff_id)

    def add_booking(self, conversation_id: str = "conv-1", created_at: dt.datetime | None = None, **overrides) -> str:
        values = dict(
            conversation_id=conversation_id,
            full_name="Jane Doe",
            contact_kind="email",
            contact_value="jane@example.com",
            preferred_start=dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.timezone.utc),
            preferred_window="afternoon",
            preferred_label="Tuesday 1 December, afternoon",
            is_adult=True,
            contact_consent=True,
            screening={"adult": True, "psychosis_history": False},
        )
        values.update(overrides)
        with self.db() as session:
            booking = create_booking(session=session, **values)
            if created_at is not None:
                booking.created_at = created_at
            return booking.reference

    def booking(self, reference: str) -> Booking:
        with self.db() as session:
            return session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()

    def staff_user(self, username: str = "sam") -> StaffUser:
        with self.db() as session:
            return session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one()

    def audit(self) -> list[AuditEvent]:
        """Audit events, oldest first."""
        with self.db() as session:
            return list(reversed(latest(session=session, limit=1000)))

    def audit_actions(self) -> list[str]:
        return [event.action for event in self.audit()]


@contextmanager
def running_console(database_url: str, tmp_path: Path, *, environ: dict[str, str] | None = None) -> Iterator[Console]:
    real_hasher, staff_store._hasher = staff_store._hasher, FAST_HASHER
    staff_store._dummy_hash.cache_clear()
    tracker = TrackerStore(f"sqlite:///{tmp_path}/tracker.db")
    settings = load_settings({**os.environ, "DATABASE_URL": database_url, "TRACKER_STORE_URL": tracker.url,
                              **(environ or {})})
    rasa = FakeRasaClient(tracker)
    app = create_app(settings, rasa_client=rasa)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll, so that shutdown() at the end of each test returns at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="console-test-server",
                              daemon=True)
    thread.start()
    try:
        console = Console(f"http://127.0.0.1:{server.server_port}", settings, tracker, rasa, app)
        console.add_staff()
        yield console
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        dispose_tracker_engines()
        tracker.dispose()
        staff_store._hasher = real_hasher
        staff_store._dummy_hash.cache_clear()
