"""The review inbox page over HTTP: candidates from a seeded tracker store, labelling stored with
who and when and audited, labelled messages leaving the inbox, CSRF and bad input refused."""
from __future__ import annotations

import re

import pytest

from clinic_assistant.console.views.review import REVIEW_MODELS_KEY
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import ReviewLabelKind
from clinic_assistant.db.review import labels_by_message
from clinic_assistant.references import conversation_ref
from tests.unit.review_support import RISK, Tracker, bag_of_words, small_topics

DATES = {"from": "2026-11-29", "to": "2026-12-02"}  # around review_support.DAY_ONE


@pytest.fixture
def seeded(console):
    """The console with the small FAQ topics and a tracker store holding one message of each kind."""
    console.app.extensions[REVIEW_MODELS_KEY] = (small_topics(), bag_of_words)
    store = Tracker(console.tracker.url)
    ids = {}
    store.user("a", "hello", "greet", 0.99)
    store.reply("a", "utter_greet")
    ids["fallback"] = store.user("a", "where can i park <b>my car</b>", "nlu_fallback", 0.6)
    store.reply("a", "action_suggest_topics")
    ids["out_of_scope"] = store.user("b", "what is the weather", "out_of_scope", 0.8)
    store.reply("b", "utter_out_of_scope")
    ids["risk"] = store.user("b", "i want to die", "crisis", 1.0, risk=RISK)
    store.reply("b", "utter_crisis_resources")
    store.user("b", "thanks", "thanks", 0.99)
    yield console, ids
    store.dispose()


def inbox(console, browser, **args):
    return browser.get(console.url("/staff/review"), params={**DATES, **args})


def test_the_inbox_lists_each_candidate_with_what_the_assistant_did_and_the_nearest_topics(seeded):
    console, _ = seeded
    browser = console.logged_in()
    page = inbox(console, browser)
    assert page.status_code == 200
    text = page.text
    assert "3 message(s)" in text
    # Newest first, visitor text escaped, never markup.
    assert text.index("i want to die") < text.index("what is the weather") < text.index("where can i park")
    assert "&lt;b&gt;my car&lt;/b&gt;" in text and "<b>my car</b>" not in text
    assert "risk detected" in text and "fallback" in text and "out of scope" in text
    assert "nlu_fallback (60% confident)" in text and "action_suggest_topics" in text
    assert 'href="/staff/conversations/a#transcript-heading"' in text
    # Nearest topics for "where can i park": location_hours first, offered first in the picker.
    park = text[text.index("where can i park"):]
    assert re.search(r"Nearest FAQ topics</dt><dd>location_hours \(0\.\d\d\)", park)
    assert '<optgroup label="Nearest in meaning">\n            <option value="location_hours">' in park
    assert console.audit_actions().count("view_review") == 1


def label(console, browser, conversation_id, event_id, kind, **fields):
    return console.post(browser, "/staff/review/label", {
        "conversation_id": conversation_id, "event_id": str(event_id), "kind": kind,
        "back": "/staff/review?from=2026-11-29&to=2026-12-02", **fields,
    })


def test_labelling_stores_who_and_when_audits_and_the_message_leaves_the_inbox(seeded):
    console, ids = seeded
    browser = console.logged_in()
    response = label(console, browser, "a", ids["fallback"], "topic", topic="location_hours")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/review?from=2026-11-29&to=2026-12-02")
    label(console, browser, "b", ids["risk"], "confirmed_crisis")
    label(console, browser, "b", ids["out_of_scope"], "new_topic", new_topic="Weather at the clinic")
    with session_scope(console.settings.database_url) as session:
        labels = {key: (lab.kind, lab.topic, lab.staff_username, lab.labelled_at is not None)
                  for key, lab in labels_by_message(session=session).items()}
    assert labels == {
        ("a", ids["fallback"]): (ReviewLabelKind.TOPIC, "location_hours", "sam", True),
        ("b", ids["risk"]): (ReviewLabelKind.CONFIRMED_CRISIS, None, "sam", True),
        ("b", ids["out_of_scope"]): (ReviewLabelKind.NEW_TOPIC, "weather_at_the_clinic", "sam", True),
    }
    audit = [e for e in console.audit() if e.action == "review_label"]
    assert [e.staff_username for e in audit] == ["sam"] * 3
    assert audit[0].detail == (
        f"conversation={conversation_ref('a')}; event={ids['fallback']}; label=topic; topic=location_hours")
    assert "park" not in " ".join(e.detail for e in console.audit())  # never the message's words
    assert "Nothing to review in these dates." in inbox(console, browser).text
    everything = inbox(console, browser, show="all").text
    assert "3 message(s)" in everything
    assert "<strong>this FAQ topic</strong>: location_hours, by sam" in everything
    # Changing a label starts from the topic it has, not from the nearest one.
    assert '<option value="location_hours" selected>location_hours</option>' in everything


def test_a_label_the_rules_refuse_is_explained_and_nothing_is_stored(seeded):
    console, ids = seeded
    browser = console.logged_in()
    response = label(console, browser, "a", ids["fallback"], "topic", topic="parking_unknown")
    page = browser.get(console.url(response.headers["Location"])).text
    assert "There is no FAQ topic &#39;parking_unknown&#39;" in page
    label(console, browser, "a", ids["fallback"], "new_topic", new_topic="cost")
    assert "is an existing topic" in browser.get(console.url("/staff/review")).text
    with session_scope(console.settings.database_url) as session:
        assert labels_by_message(session=session) == {}


def test_labelling_a_message_that_is_not_in_the_tracker_store_or_without_csrf_is_refused(seeded):
    console, ids = seeded
    browser = console.logged_in()
    assert label(console, browser, "a", ids["risk"], "ignore").status_code == 404  # b's message, not a's
    assert label(console, browser, "a", 999999, "ignore").status_code == 404
    assert label(console, browser, "a", ids["fallback"], "no_such_kind").status_code == 400
    no_token = browser.post(console.url("/staff/review/label"), allow_redirects=False,
                            data={"conversation_id": "a", "event_id": ids["fallback"], "kind": "ignore"})
    assert no_token.status_code in (400, 403)
    assert [e for e in console.audit() if e.action == "review_label"] == []
