"""The queue's additions over HTTP: the visitor's last message with the risk evidence marked (and
escaped), "assign to me", and pages of 50 with next/previous links (API included)."""
from __future__ import annotations

import re

from clinic_assistant.console.views.queue import PAGE_SIZE
from clinic_assistant.db.models import HandoffReason, HandoffStatus
from clinic_assistant.references import conversation_ref

RISK = {"level": "risk", "category": "suicide_self_harm", "severity": "high", "evidence": ["kill myself"]}


def test_each_row_shows_the_last_visitor_message_escaped_with_the_evidence_marked(console):
    console.tracker.user("conv-x", "hello")
    console.tracker.user("conv-x", "<script>alert(1)</script> I want to KILL   myself <img src=x onerror=alert(2)>",
                         intent="crisis", risk=RISK)
    console.tracker.bot("conv-x", "I'm really glad you reached out.")
    console.add_handoff("conv-x", HandoffReason.CRISIS, severity="high", evidence=["kill myself"])
    console.add_handoff("conv-quiet")  # no message in the tracker store
    page = console.logged_in().get(console.url("/staff/")).text
    section = page[page.index("Last visitor messages"):]
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; I want to <mark>KILL   myself</mark> "
            "&lt;img src=x onerror=alert(2)&gt;") in section
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "hello" not in section  # the last message only
    assert "No visitor message in the tracker store." in section


def test_the_handoffs_own_evidence_is_marked_too(console):
    console.tracker.user("conv-y", "I took 30 pills an hour ago", intent="crisis")  # no risk in parse data
    console.add_handoff("conv-y", HandoffReason.CRISIS, evidence=["took 30 pills"])
    page = console.logged_in().get(console.url("/staff/")).text
    assert "I <mark>took 30 pills</mark> an hour ago" in page


def test_assign_to_me_claims_the_handoff_without_pausing_the_bot_and_is_audited(console):
    handoff = console.add_handoff("conv-a", HandoffReason.CRISIS)
    console.add_staff("ana", "Ana Ruiz")
    browser = console.logged_in()
    assert "Assign conv-a to me" in browser.get(console.url("/staff/")).text
    response = console.post(browser, "/staff/conversations/conv-a/assign", {"page": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
    claimed = console.handoff(handoff)
    assert (claimed.status, claimed.claimed_by) == (HandoffStatus.CLAIMED, "sam") and claimed.claimed_at is not None
    assert console.rasa.calls == []  # the assistant keeps answering
    page = browser.get(console.url("/staff/")).text
    assert "Assigned to you." in page and "Assign conv-a to me" not in page
    console.post(console.logged_in("ana"), "/staff/conversations/conv-a/assign")
    assert console.handoff(handoff).claimed_by == "ana"
    details = [e.detail for e in console.audit() if e.action == "assign"]
    assert details == [f"conversation={conversation_ref('conv-a')}; handoffs={handoff}",
                       f"conversation={conversation_ref('conv-a')}; handoffs={handoff}; previously claimed by sam"]


def test_assigning_a_conversation_without_an_open_handoff_is_refused_and_audited(console):
    browser = console.logged_in()
    response = console.post(browser, "/staff/conversations/nobody/assign")
    assert "no open handoff" in browser.get(console.url(response.headers["Location"])).text
    assert [e.detail for e in console.audit() if e.action == "assign"] == [
        f"conversation={conversation_ref('nobody')}; failed: no open handoff"]


def test_assigning_needs_the_csrf_token(console):
    handoff = console.add_handoff("conv-a")
    browser = console.logged_in()
    response = browser.post(console.url("/staff/conversations/conv-a/assign"), allow_redirects=False)
    assert response.status_code in (400, 403)
    assert console.handoff(handoff).claimed_by is None


def test_the_queue_comes_in_pages_of_50_with_next_and_previous_links(console):
    crisis = console.add_handoff("crisis-0", HandoffReason.CRISIS, minutes_ago=1)
    for n in range(PAGE_SIZE + 4):
        console.add_handoff(f"request-{n:02d}", minutes_ago=200 - n)
    browser = console.logged_in()
    first = browser.get(console.url("/staff/")).text
    assert "Page 1 of 2 (55 handoffs)" in first and 'href="/staff/?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    rows = re.findall(r'<tr class="reason-[^"]+" data-id="(\d+)"', first)
    assert len(rows) == PAGE_SIZE and rows[0] == str(crisis)  # crises first on page 1
    second = browser.get(console.url("/staff/?page=2")).text
    assert "Page 2 of 2" in second and 'href="/staff/" rel="prev"' not in second
    assert 'href="/staff/?page=1" rel="prev"' in second and 'rel="next"' not in second
    assert 'data-queue-url="/staff/api/queue?page=2"' in second
    assert len(re.findall(r'<tr class="reason-', second)) == 5 and '<ol class="last-messages" start="51">' in second
    api = browser.get(console.url("/staff/api/queue?page=2")).json()
    assert (api["page"], api["pages"], api["total"], len(api["handoffs"])) == (2, 2, 55, 5)
    # A page past the end shows the last one.
    assert browser.get(console.url("/staff/api/queue?page=9")).json()["page"] == 2
