"""Transcripts from Rasa's SQL tracker store: the reader module, the conversation page, the live
events API, the text export and the search."""
from __future__ import annotations

import datetime as dt

import pytest

from clinic_assistant.console.transcripts import (
    EntryKind,
    highlight,
    read_transcript,
    search_conversations,
    transcript_as_text,
)
from clinic_assistant.db.models import Handoff, HandoffReason, HandoffStatus
from clinic_assistant.db.rasa_events import dispose_tracker_engines
from clinic_assistant.references import conversation_ref
from tests.support.tracker_store import TrackerStore

CONV = "conv-42"
CONV_REF = conversation_ref(CONV)  # what the audit names it
RISK = {"level": "risk", "category": "suicide_self_harm", "severity": "high", "evidence": ["kill myself"]}
T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.timezone.utc).timestamp()


def fill(tracker: TrackerStore, conversation_id: str = CONV) -> dict[str, int]:
    """A conversation as Rasa stores it: session start, greeting, a crisis, staff taking over."""
    ids = {}
    ids["session"] = tracker.session_start(conversation_id, at=T0)
    tracker.action(conversation_id, "action_session_start", at=T0)
    ids["hello"] = tracker.user(conversation_id, "hello there", intent="greet", at=T0 + 1)
    ids["bot"] = tracker.bot(
        conversation_id, "Hi! I'm the clinic's automated assistant.", at=T0 + 2,
        buttons=[{"title": "Book a consultation", "payload": "/book"}, {"title": "Costs", "payload": "/faq_cost"}],
    )
    ids["crisis"] = tracker.user(conversation_id, "Honestly I want to KILL   myself <script>alert(1)</script>",
                                 intent="crisis", risk=RISK, at=T0 + 60)
    ids["pause"] = tracker.pause(conversation_id)
    custom = {"data": {"type": "staff_message", "staff_name": "Sam Lee", "text": "I'm here with you."}}
    ids["staff"] = tracker.bot(conversation_id, "I'm here with you.", custom=custom)
    ids["resume"] = tracker.resume(conversation_id)
    return ids


# ------------------------------------------------------------------------------------------------
# The reader module on its own
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def tracker(database_url):
    """A tracker store in SQLite and in PostgreSQL (the `events` table beside the app's tables)."""
    store = TrackerStore(database_url)
    yield store
    dispose_tracker_engines()
    store.dispose()


def test_read_transcript_turns_events_into_entries(tracker):
    ids = fill(tracker)
    tracker.user("someone-else", "not this one")
    entries = read_transcript(tracker.url, CONV)
    assert [e.kind for e in entries] == [
        EntryKind.SESSION_START, EntryKind.USER, EntryKind.BOT, EntryKind.USER, EntryKind.PAUSED, EntryKind.STAFF,
        EntryKind.RESUMED,
    ]
    hello, bot, crisis, paused, staff, resumed = entries[1:]
    assert hello.text == "hello there" and hello.intent == "greet" and not hello.is_crisis
    assert [b.title for b in bot.buttons] == ["Book a consultation", "Costs"] and bot.label == "Assistant"
    assert crisis.is_crisis and crisis.risk == RISK and crisis.evidence == ["kill myself"]
    assert crisis.at == dt.datetime.fromtimestamp(T0 + 60, dt.timezone.utc)
    assert paused.label == "Staff took over" and resumed.label == "Bot resumed"
    assert staff.staff_name == "Sam Lee" and staff.text == "I'm here with you." and staff.label == "Staff (Sam Lee)"
    newer = read_transcript(tracker.url, CONV, after_id=ids["pause"])
    assert [e.event_id for e in newer] == [ids["staff"], ids["resume"]]


async def test_it_reads_what_rasas_own_sql_tracker_store_writes(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted,
        BotUttered,
        ConversationPaused,
        ConversationResumed,
        SessionStarted,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    path = tmp_path / "rasa-tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker(CONV, [])
    parse_data = {"intent": {"name": "crisis", "confidence": 1.0}, "entities": [], "risk": RISK}
    staff = {"custom": {"data": {"type": "staff_message", "staff_name": "Sam Lee", "text": "I'm here."}}}
    for event in [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("I want to kill myself", {"name": "crisis", "confidence": 1.0}, parse_data=parse_data),
        BotUttered("Please call 988", {"buttons": [{"title": "Talk to staff", "payload": "/request_human"}]}),
        ConversationPaused(), BotUttered(None, staff), ConversationResumed(),
    ]:
        tracker.update(event)
    await store.save(tracker)
    store.engine.dispose()

    entries = read_transcript(f"sqlite:///{path}", CONV)
    dispose_tracker_engines()
    assert [e.kind.value for e in entries] == ["session_start", "user", "bot", "paused", "staff", "resumed"]
    assert entries[1].is_crisis and entries[1].segments() == [("I want to ", False), ("kill myself", True)]
    assert [b.title for b in entries[2].buttons] == ["Talk to staff"]
    assert (entries[4].staff_name, entries[4].text) == ("Sam Lee", "I'm here.")


def test_a_risk_level_alone_makes_a_message_a_crisis_and_a_mention_does_not(tracker):
    tracker.user(CONV, "i took too many pills", intent="faq/side_effects", risk={**RISK, "evidence": []})
    tracker.user(CONV, "is ketamine used for suicide prevention", intent="risk_mention",
                 risk={"level": "mention", "category": "suicide_self_harm", "severity": None, "evidence": ["suicide"]})
    risk, mention = read_transcript(tracker.url, CONV)
    assert risk.is_crisis and not mention.is_crisis


def test_a_tracker_store_that_does_not_exist_reads_as_empty_and_is_not_created(tmp_path):
    missing = tmp_path / "never-started.db"
    assert read_transcript(f"sqlite:///{missing}", CONV) == []
    assert search_conversations(f"sqlite:///{missing}") == []
    assert not missing.exists()
    dispose_tracker_engines()


@pytest.mark.parametrize(
    ("text", "evidence", "marked"),
    [
        ("Honestly I want to KILL   myself", ["kill myself"], ["KILL   myself"]),
        ("I don't want to live anymore", ["dont want to live"], ["don't want to live"]),
        ("i took 30 pills... and 2 more pills", ["took 30 pills"], ["took 30 pills"]),
        ("kill-myself kill myself", ["kill myself"], ["kill-myself", "kill myself"]),
        ("i want to 🪢", ["want to rope"], []),  # emoji evidence: listed on the page, not marked
        ("nothing here", [], []),
    ],
)
def test_evidence_is_found_in_the_original_text(text, evidence, marked):
    pieces = highlight(text, evidence)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, is_marked in pieces if is_marked] == marked


def test_transcript_as_text(tracker):
    fill(tracker)
    text = transcript_as_text(read_transcript(tracker.url, CONV), conversation_id=CONV, tz=dt.timezone.utc)
    lines = text.splitlines()
    assert lines[:2] == [f"Conversation {CONV}", "Times in UTC"]
    assert "2026-11-20 18:00:00  --- New session ---" in lines
    assert "2026-11-20 18:00:01  Visitor: hello there" in lines
    assert "    buttons: Book a consultation | Costs" in lines
    assert ("2026-11-20 18:01:00  Visitor: Honestly I want to KILL   myself <script>alert(1)</script>"
            "  [RISK: suicide_self_harm, high]") in lines
    assert any(line.endswith("Staff (Sam Lee): I'm here with you.") for line in lines)
    assert any(line.endswith("--- Staff took over ---") for line in lines)


def test_search_by_date_ids_and_words(tracker):
    day = 86400
    tracker.user("monday", "I'd like to book", at=T0)
    tracker.user("tuesday", "how much does it cost", at=T0 + day)
    tracker.user("tuesday", "café prices?", at=T0 + day + 60)
    tracker.user("wednesday", "hello", at=T0 + 2 * day, intent="crisis")

    def ids(*args, **kwargs):
        return [s.conversation_id for s in search_conversations(tracker.url, *args, **kwargs)]

    start = dt.datetime.fromtimestamp(T0, dt.timezone.utc)
    assert ids() == ["wednesday", "tuesday", "monday"]
    assert ids(start + dt.timedelta(hours=12), start + dt.timedelta(days=1, hours=12)) == ["tuesday"]
    assert ids(include_ids={"monday", "wednesday"}) == ["wednesday", "monday"]
    assert ids(include_ids=set()) == []
    assert ids(exclude_ids={"monday"}) == ["wednesday", "tuesday"]
    assert ids(text="COST") == ["tuesday"] and ids(text="café") == ["tuesday"] and ids(text="100%") == []
    summary = search_conversations(tracker.url, include_ids={"tuesday", "wednesday"})
    assert [(s.user_messages, s.crisis_messages) for s in summary] == [(1, 1), (2, 0)]


# ------------------------------------------------------------------------------------------------
# Through the console
# ------------------------------------------------------------------------------------------------


def test_the_conversation_page_shows_the_transcript_with_marked_evidence_and_the_booking(console):
    fill(console.tracker)
    console.add_handoff(CONV, HandoffReason.CRISIS, risk_category="suicide_self_harm", severity="high")
    reference = console.add_booking(CONV, full_name="Jane Doe", contact_value="jane@example.com")
    browser = console.logged_in()
    page = browser.get(console.url(f"/staff/conversations/{CONV}")).text
    assert "hello there" in page and "Hi! I&#39;m the clinic&#39;s automated assistant." in page
    assert "<li>Book a consultation</li>" in page
    assert "Honestly I want to <mark>KILL   myself</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "risk: risk, suicide_self_harm, high · evidence: kill myself" in page
    assert "entry-crisis" in page
    assert "Staff (Sam Lee)" in page and "I&#39;m here with you." in page
    assert "Staff took over" in page and "Bot resumed" in page and "New session" in page
    assert reference in page and "jane@example.com" in page
    assert "<td>psychosis_history</td><td>no</td>" in page
    assert f'data-last-event-id="{max(e.event_id for e in read_transcript(console.tracker.url, CONV))}"' in page
    viewed = [e for e in console.audit() if e.action == "view_conversation"]
    assert viewed[0].detail == f"conversation={CONV_REF}"


def test_the_events_api_returns_only_what_is_new_with_marks_and_the_crisis_flag(console):
    ids = fill(console.tracker)
    handoff = console.add_handoff(CONV, HandoffReason.CRISIS)
    browser = console.logged_in()
    url = console.url(f"/staff/api/conversations/{CONV}/events")
    everything = browser.get(url).json()
    assert [e["kind"] for e in everything["entries"]][:3] == ["session_start", "user", "bot"]
    assert everything["last_event_id"] == ids["resume"] and everything["bot_paused"] is False
    assert everything["handoff"] == {"status": "open", "claimed_by": [], "handoff_ids": [handoff]}
    new_id = console.tracker.user(CONV, "i took 30 pills", intent="crisis",
                                  risk={**RISK, "category": "overdose_poisoning", "evidence": ["took 30 pills"]})
    update = browser.get(url, params={"after": ids["resume"]}).json()
    assert update["last_event_id"] == new_id
    [entry] = update["entries"]
    assert entry["kind"] == "user" and entry["is_crisis"] is True and entry["label"] == "Visitor"
    assert entry["segments"] == [{"text": "i ", "mark": False}, {"text": "took 30 pills", "mark": True}]
    assert browser.get(url, params={"after": new_id}).json() == {**update, "entries": []}
    assert "view_conversation" not in console.audit_actions()  # polling is not audited


def test_the_transcript_downloads_as_text_and_is_audited(console):
    fill(console.tracker)
    browser = console.logged_in()
    response = browser.get(console.url(f"/staff/conversations/{CONV}.txt"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Content-Disposition"] == f'attachment; filename="transcript-{CONV_REF}.txt"'
    assert "Times in America/Los_Angeles" in response.text
    assert "2026-11-20 10:01:00  Visitor: Honestly I want to KILL   myself" in response.text
    exported = [e.detail for e in console.audit() if e.action == "export_transcript"]
    assert exported == [f"conversation={CONV_REF}; entries=7"]


def test_transcript_search_filters_by_reason_status_and_date(console):
    day = 86400
    console.tracker.user("crisis-open", "hello", at=T0)
    console.tracker.user("crisis-done", "hello", at=T0 + day)
    console.tracker.user("asked-person", "can I talk to a human", at=T0 + 2 * day)
    console.tracker.user("no-handoff", "what does it cost", at=T0 + 3 * day)
    console.add_handoff("crisis-open", HandoffReason.CRISIS)
    done = console.add_handoff("crisis-done", HandoffReason.CRISIS)
    console.add_handoff("asked-person", HandoffReason.REQUEST_HUMAN)
    with console.db() as session:
        session.get(Handoff, done).status = HandoffStatus.RESOLVED
    browser = console.logged_in()

    def found(**params) -> list[str]:
        page = browser.get(console.url("/staff/transcripts"), params=params).text
        names = ["crisis-open", "crisis-done", "asked-person", "no-handoff"]
        return sorted(n for n in names if f'href="/staff/conversations/{n}"' in page)

    assert found() == ["asked-person", "crisis-done", "crisis-open", "no-handoff"]
    assert found(reason="crisis") == ["crisis-done", "crisis-open"]
    assert found(reason="crisis", status="resolved") == ["crisis-done"]
    assert found(reason="request_human") == ["asked-person"]
    assert found(reason="none") == ["no-handoff"]
    assert found(status="open") == ["asked-person", "crisis-open"]
    assert found(**{"from": "2026-11-21", "to": "2026-11-22"}) == ["asked-person", "crisis-done"]
    assert found(q="human") == ["asked-person"]
    page = browser.get(console.url("/staff/transcripts"), params={"from": "yesterday"}).text
    assert "must be a date like 2026-12-01" in page
    searches = [e.detail for e in console.audit() if e.action == "search_transcripts"]
    assert "reason=crisis; status=resolved; results=1" in searches
    assert "text search; results=1" in searches
    assert not any("human" in s.replace("request_human", "") for s in searches)  # the words searched for
