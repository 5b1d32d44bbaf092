"""Safety invariant 2: with the action server down, a crisis still gets the resources at once."""
from __future__ import annotations

import uuid

from tests.support.servers import local_services, running, server_env

from .test_rest_end_to_end import CRISIS_TEXT, send, texts


def test_crisis_resources_do_not_depend_on_the_action_server(model_path, tmp_path):
    env = server_env(tmp_path)
    # The Rasa server alone, as `make run` starts it: nothing listens on ACTIONS_PORT, neither the
    # action server nor its gateway.
    with running(local_services(model_path, env, tmp_path)["rasa"]):
        replies = texts(send(int(env["RASA_PORT"]), f"e2e-{uuid.uuid4().hex}", CRISIS_TEXT))
    assert "911" in replies[0] and "988" in replies[0]
    assert any("clinic team" in text for text in replies)
    log = (tmp_path / "rasa.log").read_text()
    assert "action_handle_crisis" in log  # the failure is logged, loudly
