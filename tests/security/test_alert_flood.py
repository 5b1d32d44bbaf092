"""Issue 16 item 1 against the real servers: sender ids the console cannot open are refused,
repeated crisis messages in one conversation keep one open crisis handoff (evidence added), a crisis
from 50 made-up senders is answered 50 times but e-mailed at most ALERT_DIGEST_THRESHOLD times plus
one digest, and one sender's flood is slowed down (429) while its crisis message is still answered.

Limits per client address behind a trusted proxy: test_rate_limits_behind_a_proxy.py."""
from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import select

from clinic_assistant.alert_digest import DigestingNotifier
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Handoff, HandoffReason, utcnow
from clinic_assistant.notify import EmailNotifier
from tests.integration.conftest import STAFF_PASSWORD

# The shared stack runs with the defaults, 5 alerts in 10 minutes, then a digest, and 60 messages a
# minute per sender, but a burst of 30 (tests/integration/conftest.py; the default is 120).
ALERT_DIGEST_THRESHOLD = 5
ALERT_DIGEST_WINDOW = dt.timedelta(minutes=10)
SENDER_BURST = 30

CRISIS_TEXT = "i can't do this anymore, i'm going to kill myself tonight"


def post(rasa_port: int, sender: str, text: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    status, body, _headers = post_with_headers(rasa_port, sender, text, headers)
    return status, body


def post_with_headers(
    rasa_port: int, sender: str, text: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.mark.parametrize("sender", ["..", ".", "-x"])
def test_a_sender_id_the_console_cannot_open_is_refused(stack, sender):
    status, _body = post(stack["rasa_port"], sender, "hello")
    assert status == 400


def test_repeated_crisis_messages_keep_one_open_crisis_handoff(stack):
    sender = f"sec-{uuid.uuid4().hex}"
    for _ in range(3):
        status, body = post(stack["rasa_port"], sender, CRISIS_TEXT)
        assert status == 200 and b"988" in body
    with session_scope(stack["database_url"]) as session:
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id == sender)).scalars().all()
        assert [h.status.value for h in handoffs] == ["open"]
        assert handoffs[0].evidence


def handoff_id_in(subject: str) -> int | None:
    """The handoff number of a single alert's subject ("URGENT Handoff #12: crisis")."""
    if "Handoff #" not in subject:
        return None
    return int(subject.split("Handoff #", 1)[1].split(":", 1)[0])


def test_a_crisis_from_fifty_made_up_senders_is_answered_fifty_times_but_e_mailed_at_most_threshold_plus_a_digest(
    stack,
):
    inbox = stack["inbox"]
    already = len(inbox.messages)
    senders = [f"flood-{n}-{uuid.uuid4().hex}" for n in range(50)]
    for sender in senders:
        status, body = post(stack["rasa_port"], sender, CRISIS_TEXT)
        assert status == 200 and b"988" in body  # every visitor gets the crisis reply

    # Every crisis is recorded and in the queue (paginated, 50 to a page).
    with session_scope(stack["database_url"]) as session:
        handoffs = session.execute(select(Handoff).where(Handoff.conversation_id.in_(senders))).scalars().all()
        ours = {h.id for h in handoffs}
        assert len(ours) == 50 and {h.reason for h in handoffs} == {HandoffReason.CRISIS}
    browser = stack["console"].logged_in("sam", STAFF_PASSWORD)
    queue = browser.get(stack["console"].url("/staff/api/queue"), timeout=30).json()
    assert queue["total"] >= 50 and len(queue["handoffs"]) == 50 and queue["pages"] >= 1

    # At most the threshold went out one by one; the rest wait for the digest.
    during = inbox.messages[already:]
    singles = {handoff_id_in(m["Subject"]) for m in during} & ours
    assert len(during) <= ALERT_DIGEST_THRESHOLD, [m["Subject"] for m in during]

    # The window ends (the escalation worker's check, on a clock one window on): one digest.
    email = EmailNotifier("127.0.0.1", stack["smtp_port"], "assistant@localhost", ("on-call@clinic.example",))
    later = utcnow() + ALERT_DIGEST_WINDOW
    DigestingNotifier(email, stack["database_url"], threshold=ALERT_DIGEST_THRESHOLD,
                      window=ALERT_DIGEST_WINDOW, clock=lambda: later).send_digest_if_due()
    digests = [m for m in inbox.messages[already:] if "Alert digest" in m["Subject"]]
    assert len(digests) == 1 and len(inbox.messages) - already <= ALERT_DIGEST_THRESHOLD + 1
    body = digests[0].get_payload(decode=True).decode()
    listed = {int(number) for number in re.findall(r"#(\d+)", body)} & ours
    assert listed | singles == ours, "every crisis is in an e-mail: on its own or in the digest"
    # References and counts only: no visitor's words, no conversation ids.
    assert "kill" not in body and "tonight" not in body and not any(sender in body for sender in senders)


def test_one_sender_flooding_is_slowed_down_but_its_crisis_message_is_still_answered(stack):
    sender = f"flooder-{uuid.uuid4().hex}"
    results = [post_with_headers(stack["rasa_port"], sender, "how much does an infusion cost") for _ in range(100)]
    statuses = [status for status, _, _ in results]
    assert statuses[:SENDER_BURST] == [200] * SENDER_BURST
    assert statuses.count(429) >= 50, statuses  # 100 in a few seconds: the refill adds only a few
    assert set(statuses) == {200, 429}
    slow_down = next(result for result in results if result[0] == 429)
    replies = json.loads(slow_down[1])
    assert replies[0]["recipient_id"] == sender and "988" in replies[0]["text"]
    assert int(slow_down[2]["Retry-After"]) >= 1

    # The same sender, still over its limit: a crisis is answered as always, and recorded.
    status, body = post(stack["rasa_port"], sender, CRISIS_TEXT)
    assert status == 200 and b"988" in body
    with session_scope(stack["database_url"]) as session:
        handoff = session.execute(select(Handoff).where(Handoff.conversation_id == sender)).scalars().one()
        assert handoff.reason == HandoffReason.CRISIS


def test_many_senders_from_loopback_are_not_limited_per_address(stack):
    """Harnesses and a proxy on the same machine come from 127.0.0.1: one bucket would hold them all.
    More senders than the per-address burst (120) from loopback are all answered."""
    statuses = [post(stack["rasa_port"], f"local-{n}-{uuid.uuid4().hex}", "hello")[0] for n in range(130)]
    assert statuses == [200] * 130
