"""Safety invariant 2: with the action server down, a crisis still gets the resources at once."""
from __future__ import annotations

import uuid

from .servers import free_port, rasa_command, running, server_env
from .test_rest_end_to_end import CRISIS_TEXT, send, texts


def test_crisis_resources_do_not_depend_on_the_action_server(model_path, tmp_path):
    rasa_port = free_port()
    # ACTIONS_PORT points at a port where nothing listens: the action server is down.
    env = server_env(tmp_path, ACTIONS_PORT=str(free_port()))
    with running(
        rasa_command(model_path, rasa_port, env["RASA_API_TOKEN"]), env, f"http://127.0.0.1:{rasa_port}/",
        tmp_path / "rasa.log",
    ):
        replies = texts(send(rasa_port, f"e2e-{uuid.uuid4().hex}", CRISIS_TEXT))
    assert "911" in replies[0] and "988" in replies[0]
    assert any("clinic team" in text for text in replies)
    log = (tmp_path / "rasa.log").read_text()
    assert "action_handle_crisis" in log  # the failure is logged, loudly
