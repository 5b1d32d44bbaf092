"""A visitor's whole visit, in Chromium against the real servers, one screenshot per step."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import Booking
from tests.clinic_days import next_open_weekday

from .widget import CRISIS_TEXT, Chat, staff_event


def test_a_visitor_asks_books_gets_crisis_help_reloads_and_hears_from_staff(stack, page, shot, axe_check):
    # 1. The clinic's page, with the chat launcher.
    page.goto(stack.page_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ketamine therapy for anxiety")
    expect(page.get_by_role("heading", name="Book a consultation")).to_be_visible()
    chat = Chat(page)
    expect(chat.launcher).to_be_visible()
    expect(chat.help_button).to_be_visible()  # "Get help now" even before the chat is opened
    shot(page, "page")
    axe_check(page, "page, chat closed")

    # 2. Opening the chat: the greeting says it is an automated assistant, not for emergencies.
    chat.open()
    chat.wait_until_answered()
    greeting = chat.bot_texts()
    assert "automated assistant" in greeting[0]
    assert "clinician" in greeting[0] and "not for emergencies" in greeting[0]
    assert "911" in greeting[0] and "988" in greeting[0]
    assert not chat.visitor_messages.count()  # the silent /greet is not shown
    expect(chat.help_button).to_have_attribute("data-state", "normal")  # the greeting is no crisis
    expect(chat.log.locator("time").first).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    shot(page, "greeting")
    axe_check(page, "chat open with greeting and suggested replies")

    # 3. An FAQ.
    answer = chat.say("how much does an infusion cost")
    assert any("$450 per infusion" in text for text in answer), answer
    shot(page, "faq-answer")

    # 4. A quick reply: the button's title is shown as the visitor's message, its payload is sent.
    expect(chat.quick_reply("About the consultation")).to_be_visible()
    answer = chat.click_quick_reply("About the consultation")
    assert any("consultation" in text and "clinician" in text for text in answer), answer
    expect(chat.log.get_by_role("group", name="Suggested replies")).to_have_count(1)  # older ones went
    shot(page, "quick-reply")

    # 5. Booking a consultation, end to end.
    answer = chat.click_quick_reply("Book a consultation")
    assert any("full name" in text for text in answer), answer
    shot(page, "booking-name")
    answer = chat.say("Jane Q. Doe")
    assert any("phone number or e-mail" in text for text in answer), answer
    answer = chat.say("my email is Jane.Doe@Example.com")
    assert any("day and time" in text for text in answer), answer
    day = next_open_weekday()
    answer = chat.say(f"{day:%B} {day.day} at 10am")
    assert any("18 or older" in text for text in answer), answer
    answer = chat.click_quick_reply("Yes")
    assert any("contact you" in text for text in answer), answer
    answer = chat.click_quick_reply("Yes")
    assert any("Shall I send it" in text for text in answer), answer
    shot(page, "booking-summary")
    answer = chat.click_quick_reply("Confirm")
    reference = re.search(r"reference is ([A-Z0-9]{6})", " ".join(answer)).group(1)
    shot(page, "booking-confirmed")
    with session_scope(stack.database_url) as session:
        booking = session.execute(select(Booking).where(Booking.reference == reference)).scalar_one()
        assert (booking.full_name, booking.contact_value, booking.conversation_id) == (
            "Jane Q. Doe", "Jane.Doe@example.com", chat.session_id,
        )

    # 6. A crisis message: the crisis lines come first and "Get help now" turns urgent.
    answer = chat.say(CRISIS_TEXT)
    assert "911" in answer[0] and "988" in answer[0] and "741741" in answer[0], answer
    expect(chat.help_button).to_have_attribute("data-state", "urgent")
    expect(chat.help_region).to_be_visible()
    expect(chat.help_region).to_contain_text("911")
    expect(chat.help_region).to_contain_text("988")
    expect(chat.help_region).to_contain_text("741741")
    expect(chat.help_region.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    shot(page, "crisis")
    axe_check(page, "crisis: help open and urgent")

    # 7. A reload: same session, the whole history, still urgent.
    session_id = chat.session_id
    messages_before = chat.log.locator(".cc-msg").count()
    page.reload()
    chat = Chat(page)
    expect(chat.log.locator(".cc-msg")).to_have_count(messages_before)
    assert chat.session_id == session_id
    expect(chat.log).to_contain_text(f"reference is {reference}")
    expect(chat.log).to_contain_text("741741")
    expect(chat.help_button).to_have_attribute("data-state", "urgent")
    expect(chat.status).to_be_hidden(timeout=30_000)  # reconnected
    shot(page, "after-reload")

    # 8. A staff member takes over and replies; the visitor sees who joined, the reply, who left.
    stack.push_to_widget(session_id, [{"event": "pause"}, staff_event("staff_joined")])
    expect(chat.notices.last).to_contain_text("Sam from Stillwater Clinic has joined the chat")
    expect(chat.root).to_have_attribute("data-staff", "present")
    stack.push_to_widget(session_id, [staff_event("staff_message", text="Hi, this is Sam from the clinic")])
    expect(chat.staff_messages.last).to_contain_text("Hi, this is Sam from the clinic")
    expect(chat.staff_messages.last).to_contain_text("Sam (clinic staff)")
    shot(page, "staff-reply")
    stack.push_to_widget(session_id, [staff_event("staff_left"), {"event": "resume"}])
    expect(chat.notices.last).to_contain_text("Sam has left the chat")
    expect(chat.root).to_have_attribute("data-staff", "absent")
    shot(page, "staff-left")
