"""Item 6 of issue 16: the action server (and the gateway Rasa calls in front of it) answer only
callers holding ACTION_SERVER_TOKEN, against the real servers of the shared stack. That Rasa still
runs actions with the token from endpoints.yml is what the booking tests show
(tests/integration/test_rest_end_to_end.py::test_a_visitor_books_a_consultation_and_the_row_is_in_the_database)
and the last test here."""
from __future__ import annotations

import uuid

import pytest
import requests

from tests.support.servers import ACTION_TOKEN

CALL = {"next_action": "action_request_human", "sender_id": "token-test",
        "tracker": {"sender_id": "token-test", "events": [], "slots": {}, "latest_message": {}}, "domain": {}}


def gateway(stack) -> str:
    return f"http://127.0.0.1:{stack['console'].settings.actions_port}"  # ACTIONS_PORT: where Rasa calls


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", ACTION_TOKEN, f"Basic {ACTION_TOKEN}"])
def test_the_action_server_and_its_gateway_refuse_a_call_without_the_token(stack, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    for base in (stack["actions"], gateway(stack)):
        for path in ("/webhook", "/actions"):
            reply = requests.post(f"{base}{path}", json=CALL, headers=headers, timeout=30)
            assert reply.status_code == 401, (base, path, reply.status_code, reply.text[:200])
            assert "token" in reply.json()["error"]
    # Health checks stay open for the launcher and the balancer.
    assert requests.get(f"{stack['actions']}/health", timeout=10).status_code == 200
    assert requests.get(f"{gateway(stack)}/gateway/health", timeout=10).status_code == 200


def test_with_the_token_the_call_reaches_the_action_server(stack):
    reply = requests.get(f"{stack['actions']}/actions", headers={"Authorization": f"Bearer {ACTION_TOKEN}"},
                         timeout=30)
    assert reply.status_code == 200 and {"name": "action_request_human"} in reply.json()


def test_rasa_still_runs_custom_actions_with_the_token_from_endpoints_yml(stack):
    sender = f"token-{uuid.uuid4().hex}"
    reply = requests.post(f"{stack['rasa']}/webhooks/rest/webhook", timeout=120,
                          json={"sender": sender, "message": "I want to book a consultation"})
    texts = " ".join(m.get("text") or "" for m in reply.json())
    # The booking form's first question comes from the form's validation action on the action server;
    # without the token Rasa would get a 401 and the stand-in apology instead.
    assert reply.status_code == 200 and texts
    assert "something went wrong on our side" not in texts, texts  # utter_unavailable
