"""Malformed requests and bursts against the real servers: a clear 4xx or 503, never a 500 or a crash."""
from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import aiohttp
import pytest
import requests

from tests.support.servers import ACTION_TOKEN

BURST = 1000
CRISIS_TEXT = "i'm going to take all my pills tonight"


@pytest.fixture
def servers(stack):
    return stack


def webhook(servers, body: bytes | str, content_type: str = "application/json") -> requests.Response:
    return requests.post(
        f"{servers['rasa']}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=60
    )


def still_answers(servers) -> None:
    reply = webhook(servers, json.dumps({"sender": f"after-{uuid.uuid4().hex}", "message": "what is ketamine"}))
    assert reply.status_code == 200 and reply.json(), reply.text


@pytest.mark.parametrize(
    "body, says",
    [
        ("this is not json", "json"),
        ("[1, 2, 3]", "JSON object"),
        ('"hello"', "JSON object"),
        ("{}", '"sender"'),
        ('{"message": "hello"}', '"sender"'),
        ('{"sender": 42, "message": "hello"}', '"sender"'),
        ('{"sender": "has spaces in it", "message": "hello"}', '"sender"'),
        (json.dumps({"sender": "x" * 129, "message": "hello"}), '"sender"'),
        ('{"sender": "visitor-1"}', '"message"'),
        ('{"sender": "visitor-1", "message": ""}', '"message"'),
        ('{"sender": "visitor-1", "message": ["hello"]}', '"message"'),
        ('{"sender": "visitor-1", "message": {"text": "hi"}}', '"message"'),
        ('{"sender": "visitor-1", "message": "hi", "metadata": "x"}', '"metadata"'),
    ],
)
def test_a_malformed_chat_message_gets_a_400_that_says_what_is_wrong(servers, body, says):
    reply = webhook(servers, body)
    assert reply.status_code == 400, reply.text
    assert says.lower() in reply.json()["message"].lower()


def test_a_huge_body_is_refused_with_413_before_it_is_read(servers):
    body = json.dumps({"sender": "visitor-huge", "message": "a" * 2_000_000})
    assert webhook(servers, body).status_code == 413
    still_answers(servers)


def test_the_rasa_api_refuses_malformed_calls_with_4xx(servers):
    base, auth = servers["rasa"], {"Authorization": f"Bearer {servers['token']}"}
    conversation = f"{base}/conversations/api-{uuid.uuid4().hex}"
    calls = [
        ("post", f"{base}/model/parse", {}, "not json"),  # no token
        ("post", f"{base}/model/parse", auth, "not json"),
        ("post", f"{base}/model/parse", auth, "[1]"),
        ("post", f"{conversation}/tracker/events", auth, "not json"),
        ("post", f"{conversation}/tracker/events", auth, '{"event": "no_such_event"}'),
        ("post", f"{conversation}/tracker/events", auth, "[1, 2]"),
        ("post", f"{conversation}/messages", auth, '{"text": "hello"}'),
        ("post", f"{conversation}/messages", auth, "not json"),
        ("post", f"{conversation}/execute", auth, '{"name": 5}'),
        ("post", f"{conversation}/trigger_intent", auth, '{"name": "no_such_intent"}'),
        ("put", f"{conversation}/tracker/events", auth, "not json"),
        ("get", f"{base}/conversations/../../etc/passwd/tracker", auth, None),
        ("post", f"{base}/model", auth, "not json"),
        ("get", f"{base}/no/such/route", auth, None),
    ]
    for method, url, headers, body in calls:
        reply = requests.request(
            method, url, headers={"Content-Type": "application/json", **headers}, data=body, timeout=60
        )
        assert 400 <= reply.status_code < 500, (method, url, body, reply.status_code, reply.text[:300])
    still_answers(servers)


def test_the_action_server_refuses_malformed_calls_with_4xx(servers):
    base = servers["actions"]
    token = {"Authorization": f"Bearer {ACTION_TOKEN}"}  # as Rasa sends it: these calls get past the token
    for body in ("not json", "[1]", '{"next_action": "no_such_action", "tracker": {}, "domain": {}}'):
        reply = requests.post(f"{base}/webhook", data=body, headers={"Content-Type": "application/json", **token},
                              timeout=30)
        assert 400 <= reply.status_code < 500, (body, reply.status_code, reply.text[:300])
    compressed = requests.post(f"{base}/webhook", data=b"x\x9c", timeout=30,
                               headers={"Content-Type": "application/json", "Content-Encoding": "deflate", **token})
    assert compressed.status_code == 415
    assert requests.get(f"{base}/no/such/route", headers=token, timeout=10).status_code == 404
    assert requests.get(f"{base}/health", timeout=10).status_code == 200


def peak_memory_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])


def test_a_burst_of_a_thousand_messages_is_answered_or_refused_clearly_and_crises_always_answered(servers):
    memory_before = peak_memory_kib(servers["rasa_pid"])
    crisis_at = {10, 500, 990}

    async def one(session: aiohttp.ClientSession, n: int) -> tuple[int, int, list[dict]]:
        text = CRISIS_TEXT if n in crisis_at else "how much does an infusion cost"
        body = {"sender": f"burst-{n}-{uuid.uuid4().hex}", "message": text}
        async with session.post(f"{servers['rasa']}/webhooks/rest/webhook", json=body) as reply:
            return n, reply.status, await reply.json()

    # A connection per message, as a thousand visitors' browsers would open (no keep-alive reuse).
    async def burst():
        timeout = aiohttp.ClientTimeout(total=300)
        connector = aiohttp.TCPConnector(limit=BURST, force_close=True)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            return await asyncio.gather(*(one(session, n) for n in range(BURST)))

    results = asyncio.run(burst())
    answered = [r for r in results if r[1] == 200]
    refused = [r for r in results if r[1] == 503]
    assert len(answered) + len(refused) == BURST, sorted({status for _, status, _ in results})
    assert answered, "no message was answered"
    assert all(messages and all(m.get("text") or m.get("buttons") for m in messages) for _, _, messages in answered)
    assert all("send it again" in messages[0]["text"] and "911" in messages[0]["text"] for _, _, messages in refused)
    for n, status, messages in results:
        if n in crisis_at:  # a crisis is never refused, however busy the server is
            assert status == 200 and "988" in " ".join(m.get("text") or "" for m in messages)
    # Bounded: the burst is held as at most MAX_PENDING_MESSAGES conversations at once.
    assert peak_memory_kib(servers["rasa_pid"]) - memory_before < 400 * 1024
    still_answers(servers)
