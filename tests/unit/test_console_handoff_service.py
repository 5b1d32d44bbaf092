"""The handoff service on its own (no web app): each action's outcomes, the audit event every one of
them leaves, and no database connection held while Rasa is called."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from clinic_assistant.console.auth import StaffIdentity
from clinic_assistant.console.handoff_service import HandoffOutcome, HandoffService
from clinic_assistant.db.audit import latest
from clinic_assistant.db.engine import get_sessionmaker, session_scope
from clinic_assistant.db.handoffs import create_handoff
from clinic_assistant.db.models import AuditEvent, Handoff, HandoffReason, HandoffStatus
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.references import conversation_ref
from tests.support.console import FakeRasaClient
from tests.support.tracker_store import TrackerStore

CONV = "conv-service"
CONV_REF = conversation_ref(CONV)  # what the audit names it
SAM = StaffIdentity(1, "sam", "Sam Lee")
ANA = StaffIdentity(2, "ana", "Ana Ruiz")
NOTE = "Called back; safety plan agreed."


class ConnectionWatchingRasa(FakeRasaClient):
    """A fake Rasa client that notes, at every call, how many app-database connections are in use."""

    def __init__(self, tracker: TrackerStore, database_url: str) -> None:
        super().__init__(tracker)
        self.connections_in_use = 0
        self.in_use_during_calls: list[int] = []
        engine = get_sessionmaker(database_url).kw["bind"]
        event.listen(engine, "checkout", lambda *_: self._count(+1))
        event.listen(engine, "checkin", lambda *_: self._count(-1))

    def _count(self, change: int) -> None:
        self.connections_in_use += change

    def _call(self, *call) -> None:
        self.in_use_during_calls.append(self.connections_in_use)
        super()._call(*call)


@pytest.fixture
def tracker(tmp_path):
    store = TrackerStore(f"sqlite:///{tmp_path}/tracker.db")
    yield store
    dispose_tracker_engines()
    store.dispose()


@pytest.fixture
def rasa(tracker, database_url):
    return ConnectionWatchingRasa(tracker, database_url)


@pytest.fixture
def service(database_url, tracker, rasa):
    return HandoffService(database_url=database_url, tracker_store_url=tracker.url, rasa=rasa)


def add_handoff(database_url: str, reason=HandoffReason.CRISIS, claimed_by: str | None = None) -> int:
    with session_scope(database_url) as session:
        handoff = create_handoff(session=session, conversation_id=CONV, reason=reason)
        if claimed_by:
            handoff.status, handoff.claimed_by = HandoffStatus.CLAIMED, claimed_by
        return handoff.id


def handoff(database_url: str, handoff_id: int) -> Handoff:
    with session_scope(database_url) as session:
        return session.get(Handoff, handoff_id)


def audit(database_url: str) -> list[AuditEvent]:
    """Audit events, oldest first."""
    with session_scope(database_url) as session:
        return list(reversed(latest(session=session)))


def only_audit_event(database_url: str) -> tuple[str, str | None, str]:
    events = audit(database_url)
    assert len(events) == 1, [(e.action, e.detail) for e in events]
    return events[0].action, events[0].staff_username, events[0].detail


# ------------------------------------------------------------------------------------------------
# Success
# ------------------------------------------------------------------------------------------------


def test_taking_over_announces_pauses_claims_and_audits_without_holding_a_connection(service, rasa, database_url):
    handoff_id = add_handoff(database_url)
    assert service.take_over(CONV, SAM) is HandoffOutcome.TAKEN_OVER
    assert rasa.calls == [("staff_joined", CONV, "Sam Lee"), ("pause", CONV)]
    assert rasa.in_use_during_calls == [0, 0]
    claimed = handoff(database_url, handoff_id)
    assert (claimed.status, claimed.claimed_by) == (HandoffStatus.CLAIMED, "sam")
    assert only_audit_event(database_url) == ("take_over", "sam", f"conversation={CONV_REF}; handoffs={handoff_id}")


def test_a_reply_from_the_owner_reaches_rasa_and_the_audit_has_its_length_only(service, rasa, database_url):
    add_handoff(database_url, claimed_by="sam")
    assert service.send_reply(CONV, SAM, "Are you safe?") is HandoffOutcome.REPLY_SENT
    assert rasa.calls == [("send_staff_message", CONV, "Are you safe?", "Sam Lee")]
    assert rasa.in_use_during_calls == [0]
    assert only_audit_event(database_url) == ("send_message", "sam", f"conversation={CONV_REF}; chars=13")


def test_handing_back_resumes_the_bot_and_leaves_the_handoff_claimed(service, rasa, database_url):
    handoff_id = add_handoff(database_url, claimed_by="sam")
    assert service.hand_back(CONV, SAM) is HandoffOutcome.HANDED_BACK
    assert rasa.calls == [("staff_left", CONV, "Sam Lee"), ("resume", CONV)]
    assert rasa.in_use_during_calls == [0, 0]
    assert handoff(database_url, handoff_id).status is HandoffStatus.CLAIMED
    assert only_audit_event(database_url) == (
        "hand_back", "sam", f"conversation={CONV_REF}; handoffs={handoff_id}; stays claimed by sam"
    )


@pytest.mark.parametrize(
    ("paused", "outcome", "calls", "detail_end"),
    [
        (True, HandoffOutcome.RESOLVED_AND_BOT_RESUMED, [("staff_left", CONV, "Sam Lee"), ("resume", CONV)],
         "; bot resumed"),
        (False, HandoffOutcome.RESOLVED, [], ""),
    ],
    ids=["paused bot", "bot answering"],
)
def test_resolving_closes_the_handoffs_and_resumes_only_a_paused_bot(
    service, rasa, tracker, database_url, paused, outcome, calls, detail_end
):
    first = add_handoff(database_url, HandoffReason.REQUEST_HUMAN)
    second = add_handoff(database_url, claimed_by="sam")
    if paused:
        tracker.pause(CONV)
    assert service.resolve(CONV, SAM, NOTE) is outcome
    assert rasa.calls == calls and set(rasa.in_use_during_calls) <= {0}
    for handoff_id in (first, second):
        resolved = handoff(database_url, handoff_id)
        assert resolved.status is HandoffStatus.RESOLVED and resolved.resolution_note == NOTE
    action, username, detail = only_audit_event(database_url)
    assert (action, username) == ("resolve", "sam")
    assert detail == f"conversation={CONV_REF}; handoffs={second},{first}{detail_end}" and NOTE not in detail


# ------------------------------------------------------------------------------------------------
# Already claimed
# ------------------------------------------------------------------------------------------------


def test_taking_over_from_a_colleague_succeeds_and_says_whose_it_was(service, database_url):
    handoff_id = add_handoff(database_url, claimed_by="ana")
    assert service.take_over(CONV, SAM) is HandoffOutcome.TAKEN_OVER_FROM_COLLEAGUE
    assert handoff(database_url, handoff_id).claimed_by == "sam"
    assert only_audit_event(database_url) == (
        "take_over", "sam", f"conversation={CONV_REF}; handoffs={handoff_id}; previously claimed by ana"
    )


def test_taking_over_again_what_you_already_own_is_a_plain_take_over(service, database_url):
    handoff_id = add_handoff(database_url, claimed_by="sam")
    assert service.take_over(CONV, SAM) is HandoffOutcome.TAKEN_OVER
    assert only_audit_event(database_url) == ("take_over", "sam", f"conversation={CONV_REF}; handoffs={handoff_id}")


def test_handing_back_or_resolving_a_colleagues_claim_is_audited_as_an_override(service, database_url):
    handoff_id = add_handoff(database_url, claimed_by="ana")
    assert service.hand_back(CONV, SAM) is HandoffOutcome.HANDED_BACK
    assert only_audit_event(database_url)[2].endswith("; stays claimed by ana; override of claim by ana")
    assert service.resolve(CONV, SAM, NOTE).succeeded
    assert audit(database_url)[-1].detail.endswith(f"handoffs={handoff_id}; override of claim by ana")



def test_a_reply_into_a_conversation_a_colleague_owns_is_refused_and_audited(service, rasa, database_url):
    add_handoff(database_url, claimed_by="ana")
    assert service.send_reply(CONV, SAM, "Hello") is HandoffOutcome.NOT_CLAIMED_BY_YOU
    assert rasa.calls == []
    assert only_audit_event(database_url) == (
        "send_message", "sam", f"conversation={CONV_REF}; chars=5; failed: not taken over by this staff member"
    )


# ------------------------------------------------------------------------------------------------
# Rasa down
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "audited_action", "detail_end"),
    [
        (lambda service: service.take_over(CONV, SAM), "take_over", "handoffs={id}; failed: assistant unreachable"),
        (lambda service: service.hand_back(CONV, SAM), "hand_back", "handoffs={id}; failed: assistant unreachable"),
        (lambda service: service.resolve(CONV, SAM, NOTE), "resolve", "handoffs={id}; failed: assistant unreachable"),
        (lambda service: service.send_reply(CONV, SAM, "Hello"), "send_message",
         "chars=5; failed: assistant unreachable"),
    ],
    ids=["take over", "hand back", "resolve", "reply"],
)
def test_when_rasa_is_down_nothing_changes_and_the_failure_is_audited(
    service, rasa, tracker, database_url, act, audited_action, detail_end
):
    handoff_id = add_handoff(database_url, claimed_by="sam")
    tracker.pause(CONV)  # so that resolving needs Rasa too
    rasa.fail = True
    assert act(service) is HandoffOutcome.ASSISTANT_UNREACHABLE
    unchanged = handoff(database_url, handoff_id)
    assert (unchanged.status, unchanged.claimed_by) == (HandoffStatus.CLAIMED, "sam")
    assert only_audit_event(database_url) == (
        audited_action, "sam", f"conversation={CONV_REF}; " + detail_end.format(id=handoff_id)
    )


# ------------------------------------------------------------------------------------------------
# Not found
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "audited_action"),
    [
        (lambda service: service.take_over(CONV, SAM), "take_over"),
        (lambda service: service.hand_back(CONV, SAM), "hand_back"),
        (lambda service: service.resolve(CONV, SAM, NOTE), "resolve"),
    ],
    ids=["take over", "hand back", "resolve"],
)
@pytest.mark.parametrize("earlier_handoff", ["none", "resolved"])
def test_without_an_open_handoff_rasa_is_not_called_and_the_refusal_is_audited(
    service, rasa, database_url, act, audited_action, earlier_handoff
):
    if earlier_handoff == "resolved":
        with session_scope(database_url) as session:
            session.get(Handoff, add_handoff(database_url)).status = HandoffStatus.RESOLVED
    assert act(service) is HandoffOutcome.NO_OPEN_HANDOFF
    assert rasa.calls == []
    expected = (audited_action, "sam", f"conversation={CONV_REF}; failed: no open handoff")
    assert only_audit_event(database_url) == expected


def test_a_reply_without_any_handoff_is_refused_like_one_not_taken_over(service, rasa, database_url):
    assert service.send_reply(CONV, SAM, "Hello") is HandoffOutcome.NOT_CLAIMED_BY_YOU
    assert rasa.calls == []
    assert only_audit_event(database_url)[0] == "send_message"


# ------------------------------------------------------------------------------------------------
# Changes made while Rasa was being called
# ------------------------------------------------------------------------------------------------


def test_resolving_leaves_open_a_crisis_that_arrived_while_rasa_was_called(service, rasa, tracker, database_url):
    seen = add_handoff(database_url, HandoffReason.REQUEST_HUMAN, claimed_by="sam")
    tracker.pause(CONV)
    arrived: list[int] = []
    leave = rasa.staff_left

    def staff_left_while_a_crisis_arrives(conversation_id: str, staff_name: str) -> None:
        leave(conversation_id, staff_name)
        arrived.append(add_handoff(database_url, HandoffReason.CRISIS))

    rasa.staff_left = staff_left_while_a_crisis_arrives
    assert service.resolve(CONV, SAM, NOTE) is HandoffOutcome.RESOLVED_AND_BOT_RESUMED
    assert handoff(database_url, seen).status is HandoffStatus.RESOLVED
    assert handoff(database_url, arrived[0]).status is HandoffStatus.OPEN


def test_a_take_over_keeps_its_claim_when_a_colleague_resolved_meanwhile(service, rasa, database_url):
    """The bot is paused by then: the conversation must stay in the queue with an owner."""
    handoff_id = add_handoff(database_url)
    pause = rasa.pause

    def pause_while_a_colleague_resolves(conversation_id: str) -> None:
        pause(conversation_id)
        with session_scope(database_url) as session:
            session.get(Handoff, handoff_id).status = HandoffStatus.RESOLVED

    rasa.pause = pause_while_a_colleague_resolves
    assert service.take_over(CONV, ANA) is HandoffOutcome.TAKEN_OVER
    claimed = handoff(database_url, handoff_id)
    assert (claimed.status, claimed.claimed_by) == (HandoffStatus.CLAIMED, "ana")
