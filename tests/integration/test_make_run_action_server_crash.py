"""`make run` itself (python -m clinic_assistant.run) when its action server crashes: the visitor is
told, with the emergency number, the crisis line and the clinic's phone, instead of hearing
nothing; the supervisor restarts the action server, and the next turn is served by it again."""
from __future__ import annotations

import os
import re
import signal
import sys
import time
import uuid

from sqlalchemy import func, select

from clinic_assistant import launcher
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Handoff
from clinic_assistant.settings import load_settings
from tests.support.servers import Service, server_env

from .test_rest_end_to_end import send, texts

APOLOGY = "something went wrong on our side"  # utter_unavailable
ASK_FOR_A_PERSON = "can i talk to a person"
START_SECONDS = 400  # migrations, then the Rasa server loads the model, on two shared cores


def wait_for_line(service: Service, pattern: str, seconds: float) -> re.Match:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(pattern, service.tail(200_000))
        if found:
            return found
        assert service.running, f"make run stopped:\n{service.tail()}"
        time.sleep(0.5)
    raise AssertionError(f"no line matching {pattern!r} within {seconds:.0f}s:\n{service.tail()}")


def wait_until_dead(pid: int, seconds: float = 30) -> None:
    """Until the process is a zombie (its sockets closed) or gone."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not die")


def handoffs(database_url: str, conversation_id: str) -> int:
    with session_scope(database_url) as session:
        return session.execute(
            select(func.count()).select_from(Handoff).where(Handoff.conversation_id == conversation_id)
        ).scalar_one()


def test_a_crashed_action_server_is_apologised_for_then_restarted(model_path, tmp_path):
    env = server_env(tmp_path)
    settings = load_settings(env)
    make_run = Service("make run", [sys.executable, "-m", "clinic_assistant.run", "--model", str(model_path)],
                       env, log=tmp_path / "make-run.log")
    launcher.start(make_run)
    try:
        action_server_pid = int(wait_for_line(make_run, r"Action server .*\(pid (\d+)\)", START_SECONDS).group(1))
        visitor = f"e2e-{uuid.uuid4().hex}"

        # The action server crashes: the turn that needs it gets the apology, not silence. The
        # supervisor is held still meanwhile, so that the restart cannot win the race with the turn.
        os.kill(make_run.pid, signal.SIGSTOP)
        try:
            os.killpg(action_server_pid, signal.SIGKILL)
            wait_until_dead(action_server_pid)
            replies = texts(send(settings.rasa_port, visitor, ASK_FOR_A_PERSON))
        finally:
            os.kill(make_run.pid, signal.SIGCONT)
        wait_for_line(make_run, r"actions stopped with exit code -9 \(SIGKILL\); restarting in 1s\.", 30)
        apology = next((text for text in replies if APOLOGY in text), None)
        assert apology, replies
        assert "911" in apology and "988" in apology and "(555) 010-0199" in apology
        assert handoffs(settings.database_url, visitor) == 0
        assert "answered 'action_request_human' with utter_unavailable" in make_run.tail(200_000)

        # It comes back by itself, and the next turn is served by it: the handoff is recorded.
        wait_for_line(make_run, r"actions: healthy again\.", 120)
        replies = texts(send(settings.rasa_port, visitor, ASK_FOR_A_PERSON))
        assert replies and not any(APOLOGY in text for text in replies), replies
        assert handoffs(settings.database_url, visitor) == 1
    finally:
        launcher.stop(make_run, timeout=60)  # SIGTERM: make run stops its servers, as on Ctrl-C
    assert make_run.process.returncode == 0, make_run.tail()
    assert "All servers stopped." in make_run.tail()
