"""The queue and the take over / reply / hand back / resolve flow, over real HTTP."""
from __future__ import annotations

import pytest

from clinic_assistant.console.rasa_client import RasaClient, RasaClientError, UnavailableRasaClient
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus
from clinic_assistant.references import conversation_ref
from clinic_assistant.web.app import create_app

CONV = "conv-7f3a"
CONV_REF = conversation_ref(CONV)  # what the audit names it


def statuses(console, *ids):
    return [console.handoff(i).status for i in ids]


def test_the_queue_api_lists_crises_first_the_most_severe_first_then_the_longest_waiting(console):
    old_request = console.add_handoff("a-request", minutes_ago=30)
    crisis = console.add_handoff("b-crisis", HandoffReason.CRISIS, minutes_ago=5, risk_category="overdose_poisoning",
                                 severity="medium", evidence=["took 30 pills"])
    new_request = console.add_handoff("c-request", minutes_ago=1)
    old_crisis = console.add_handoff("d-crisis", HandoffReason.CRISIS, minutes_ago=10, risk_category="suicide",
                                     severity="medium")
    # A low-confidence detection that came first never outranks them.
    doubtful = console.add_handoff("f-doubtful", HandoffReason.CRISIS, minutes_ago=20, risk_category="suicide",
                                   severity="low")
    resolved = console.add_handoff("e-done", HandoffReason.CRISIS, minutes_ago=60)
    with console.db() as session:
        session.get(Handoff, resolved).status = HandoffStatus.RESOLVED
    browser = console.logged_in()
    handoffs = browser.get(console.url("/staff/api/queue")).json()["handoffs"]
    assert [h["id"] for h in handoffs] == [old_crisis, crisis, doubtful, old_request, new_request]
    first = handoffs[1]
    assert first["conversation_id"] == "b-crisis"
    assert first["reason"] == "crisis" and first["reason_label"] == "Crisis"
    assert first["risk_category"] == "overdose_poisoning" and first["severity"] == "medium"
    assert first["status"] == "open" and first["claimed_by"] is None
    assert 5 * 60 - 5 <= first["waiting_seconds"] <= 5 * 60 + 30 and first["waiting_label"] == "5 min"
    assert first["url"] == "/staff/conversations/b-crisis"
    # The page shows the same rows in the same order; the API poll is not audited, the page is.
    page = browser.get(console.url("/staff/")).text
    assert page.index("d-crisis") < page.index("b-crisis") < page.index("f-doubtful") < page.index("a-request")
    assert "e-done" not in page
    assert "3</span> crisis handoff(s) waiting" in page
    assert f'data-crisis-ids="{old_crisis},{crisis},{doubtful}"' in page
    assert console.audit_actions().count("view_queue") == 1


def test_take_over_claims_the_handoff_says_who_joined_then_pauses_the_bot(console):
    handoff = console.add_handoff(CONV, HandoffReason.CRISIS)
    browser = console.logged_in()
    response = console.post(browser, f"/staff/conversations/{CONV}/take-over")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/conversations/{CONV}")
    assert console.rasa.calls == [("staff_joined", CONV, "Sam Lee"), ("pause", CONV)]
    claimed = console.handoff(handoff)
    assert claimed.status is HandoffStatus.CLAIMED and claimed.claimed_by == "sam"
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "You have taken over" in page
    assert "claimed (claimed by sam)" in page and "paused, staff answering" in page
    assert "Staff took over" in page and "Sam Lee joined the conversation." in page
    queue = browser.get(console.url("/staff/api/queue")).json()["handoffs"]
    assert [(h["status"], h["claimed_by"]) for h in queue] == [("claimed", "sam")]
    audit = [e for e in console.audit() if e.action == "take_over"]
    assert audit[0].staff_username == "sam" and audit[0].detail == f"conversation={CONV_REF}; handoffs={handoff}"


def test_taking_over_from_a_colleague_is_allowed_and_recorded(console):
    handoff = console.add_handoff(CONV)
    console.add_staff("ana", "Ana Ruiz")
    console.post(console.logged_in(), f"/staff/conversations/{CONV}/take-over")
    console.post(console.logged_in("ana"), f"/staff/conversations/{CONV}/take-over")
    assert console.handoff(handoff).claimed_by == "ana"
    assert console.audit()[-1].detail.endswith("previously claimed by sam")


def test_hand_back_resumes_the_bot_but_keeps_the_handoff_claimed_until_resolved(console):
    handoff = console.add_handoff(CONV)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    console.rasa.calls.clear()
    response = console.post(browser, f"/staff/conversations/{CONV}/hand-back")
    assert response.status_code == 302
    assert console.rasa.calls == [("staff_left", CONV, "Sam Lee"), ("resume", CONV)]
    kept = console.handoff(handoff)
    assert kept.status is HandoffStatus.CLAIMED and kept.claimed_by == "sam"
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Bot resumed" in page and "Assistant: <strong id=\"bot-state\">answering" in page
    assert "Sam Lee left the conversation; the assistant answers again." in page
    assert console.audit()[-2].action == "hand_back"
    assert "stays claimed by sam" in console.audit()[-2].detail
    # Still in the queue until someone resolves it.
    assert [h["id"] for h in browser.get(console.url("/staff/api/queue")).json()["handoffs"]] == [handoff]


def test_resolve_needs_a_note_then_closes_every_open_handoff_and_resumes_a_paused_bot(console):
    first = console.add_handoff(CONV, minutes_ago=10)
    second = console.add_handoff(CONV, HandoffReason.CRISIS, minutes_ago=2)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    assert statuses(console, first, second) == [HandoffStatus.CLAIMED, HandoffStatus.CLAIMED]
    console.rasa.calls.clear()

    refused = console.post(browser, f"/staff/conversations/{CONV}/resolve", {"note": "  "}, allow_redirects=True)
    assert "Write a short note" in refused.text
    assert console.rasa.calls == [] and statuses(console, first) == [HandoffStatus.CLAIMED]

    note = "Called the visitor back; safety plan agreed, GP informed."
    response = console.post(browser, f"/staff/conversations/{CONV}/resolve", {"note": note})
    assert response.status_code == 302
    assert console.rasa.calls == [("staff_left", CONV, "Sam Lee"), ("resume", CONV)]
    for handoff_id in (first, second):
        resolved = console.handoff(handoff_id)
        assert resolved.status is HandoffStatus.RESOLVED
        assert resolved.resolved_at is not None and resolved.resolution_note == note
    assert browser.get(console.url("/staff/api/queue")).json()["handoffs"] == []
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Every handoff of this conversation is resolved." in page and note in page
    resolve_event = [e for e in console.audit() if e.action == "resolve"][0]
    assert resolve_event.detail == f"conversation={CONV_REF}; handoffs={second},{first}; bot resumed"
    assert note not in resolve_event.detail


def test_resolving_after_a_hand_back_does_not_announce_a_second_departure(console):
    handoff = console.add_handoff(CONV)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    console.post(browser, f"/staff/conversations/{CONV}/hand-back")
    console.rasa.calls.clear()
    console.post(browser, f"/staff/conversations/{CONV}/resolve", {"note": "Booked a call."})
    assert console.rasa.calls == []
    assert console.handoff(handoff).status is HandoffStatus.RESOLVED


def test_a_reply_needs_the_conversation_taken_over_then_reaches_the_visitor_as_staff(console):
    console.add_handoff(CONV)
    browser = console.logged_in()
    text = "Hi, I'm Sam, a nurse at the clinic. Are you safe right now?"
    refused = console.post(browser, f"/staff/conversations/{CONV}/messages", {"text": text}, allow_redirects=True)
    assert "Take over the conversation before you reply." in refused.text
    assert console.rasa.calls == []

    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    response = console.post(browser, f"/staff/conversations/{CONV}/messages", {"text": text})
    assert response.status_code == 302
    assert console.rasa.calls[-1] == ("send_staff_message", CONV, text, "Sam Lee")
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Staff (Sam Lee)" in page and "Hi, I&#39;m Sam, a nurse at the clinic. Are you safe right now?" in page
    refused_event, sent_event = [e for e in console.audit() if e.action == "send_message"]
    refused = f"conversation={CONV_REF}; chars={len(text)}; failed: not taken over by this staff member"
    assert refused_event.detail == refused
    assert sent_event.detail == f"conversation={CONV_REF}; chars={len(text)}" and "nurse" not in sent_event.detail


def test_a_reply_by_fetch_gets_json(console):
    console.add_handoff(CONV)
    browser = console.logged_in()
    console.post(browser, f"/staff/conversations/{CONV}/take-over")
    token = console.token(browser)
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    sent = browser.post(console.url(f"/staff/conversations/{CONV}/messages"), data={"text": "Hello"}, headers=headers)
    assert sent.status_code == 200 and sent.json() == {"ok": True, "message": "Sent."}
    empty = browser.post(console.url(f"/staff/conversations/{CONV}/messages"), data={"text": " "}, headers=headers)
    assert empty.status_code == 400 and empty.json()["ok"] is False
    too_long = browser.post(console.url(f"/staff/conversations/{CONV}/messages"), data={"text": "x" * 2001},
                            headers=headers)
    assert too_long.status_code == 400


def test_when_the_assistant_is_unreachable_nothing_changes_and_staff_are_told(console):
    handoff = console.add_handoff(CONV)
    browser = console.logged_in()
    console.rasa.fail = True
    response = console.post(browser, f"/staff/conversations/{CONV}/take-over", allow_redirects=True)
    assert "The assistant did not accept the request" in response.text
    assert console.handoff(handoff).status is HandoffStatus.OPEN
    assert console.audit()[-2].detail.endswith("failed: assistant unreachable")
    json_response = browser.post(
        console.url(f"/staff/conversations/{CONV}/take-over"),
        headers={"Accept": "application/json", "X-CSRF-Token": console.token(browser)},
    )
    assert json_response.status_code == 502 and json_response.json()["ok"] is False


def test_actions_on_a_conversation_without_an_open_handoff_are_refused(console):
    browser = console.logged_in()
    for action in ("take-over", "hand-back"):
        response = console.post(browser, f"/staff/conversations/no-handoff/{action}", allow_redirects=True)
        assert "no open handoff" in response.text
    response = console.post(browser, "/staff/conversations/no-handoff/resolve", {"note": "x"}, allow_redirects=True)
    assert "no open handoff" in response.text
    assert console.rasa.calls == []
    page = browser.get(console.url("/staff/conversations/no-handoff")).text
    assert "This conversation has no handoff." in page and "Take over" not in page


def test_without_a_configured_client_actions_fail_clearly(console):
    handoff = console.add_handoff(CONV)
    console.app.extensions["rasa_client"] = UnavailableRasaClient("no client")
    with pytest.raises(RasaClientError):
        console.app.extensions["rasa_client"].pause(CONV)
    response = console.post(console.logged_in(), f"/staff/conversations/{CONV}/take-over", allow_redirects=True)
    assert "The assistant did not accept the request" in response.text
    assert console.handoff(handoff).status is HandoffStatus.OPEN


def test_by_default_the_app_uses_a_client_that_fits_the_protocol(console):
    client = create_app(console.settings).extensions["rasa_client"]
    assert isinstance(client, RasaClient)


def test_a_call_back_request_shows_in_the_queue_and_the_conversation(console):
    handoff = console.add_handoff(CONV)
    with console.db() as session:
        row = session.get(Handoff, handoff)
        row.callback_name, row.callback_phone = "Jo", "+15550100199"
    browser = console.logged_in()
    assert browser.get(console.url("/staff/api/queue")).json()["handoffs"][0]["callback_requested"] is True
    assert "Asked for a person · call-back requested" in browser.get(console.url("/staff/")).text
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "Call-back requested:</strong> Jo, +15550100199" in page
