"""The widget's promises one by one: tabs, keyboard, safe rendering, mobile layout, reconnecting."""
from __future__ import annotations

import json
from collections import Counter

from playwright.sync_api import expect

from clinic_assistant.clinic import load_clinic_config
from clinic_assistant.settings import PROJECT_ROOT

from .widget import Chat, staff_event


def open_chat(page, stack) -> Chat:
    page.goto(stack.page_url)
    chat = Chat(page)
    chat.open()
    chat.wait_until_answered()
    return chat


def test_two_tabs_of_one_visitor_share_one_conversation(stack, context, page, shot):
    first = open_chat(page, stack)
    greeting = first.bot_texts()
    second_page = context.new_page()
    second_page.goto(stack.page_url)
    second = Chat(second_page)
    second.open()

    # The second tab shows the same conversation and does not greet again.
    expect(second.bot_messages).to_have_count(len(greeting))
    assert second.session_id == first.session_id

    # A message typed in the second tab is sent once, and both tabs show it and its answer once.
    answer = second.say("what is ketamine")
    assert any("anesthesia" in text for text in answer), answer
    expect(first.visitor_messages).to_have_text(["what is ketamine"])
    expect(first.bot_messages).to_have_count(second.bot_messages.count())
    assert first.bot_texts() == second.bot_texts()

    # And one typed in the first tab as well.
    first.say("is it addictive")
    expect(second.visitor_messages).to_have_text(["what is ketamine", "is it addictive"])
    assert first.bot_texts() == second.bot_texts()
    shot(page, "first-tab")
    shot(second_page, "second-tab")

    stored = first.stored_log()
    assert len({m["id"] for m in stored}) == len(stored)
    user_texts = [e["text"] for e in stack.tracker(first.session_id)["events"] if e["event"] == "user"]
    assert Counter(user_texts) == Counter(["/greet", "what is ketamine", "is it addictive"]), user_texts
    bot_texts = [e["text"] for e in stack.tracker(first.session_id)["events"] if e["event"] == "bot"]
    # Rasa splits a text on blank lines into several socket.io messages; none is stored twice.
    assert len(first.bot_texts()) == sum(len(t.strip().split("\n\n")) for t in bot_texts if t)


def test_everything_works_with_the_keyboard_alone(stack, page, shot, axe_check):
    page.goto(stack.page_url)
    chat = Chat(page)
    for _ in range(60):  # Tab through the page to the launcher
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cc-launcher')"):
            break
    expect(chat.launcher).to_be_focused()
    outline = chat.launcher.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline  # focus is visible
    shot(page, "launcher-focused")

    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    chat.wait_until_answered()
    page.keyboard.type("where is the clinic")
    page.keyboard.press("Enter")
    expect(chat.visitor_messages.last).to_have_text("where is the clinic")
    chat.wait_until_answered()
    expect(chat.log).to_contain_text("120 Harbor Street")

    # The suggested replies are reachable: Shift+Tab from the input lands on the last one.
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-title')")
    assert focused, "a suggested reply should be focused"
    shot(page, "quick-reply-focused")
    page.keyboard.press("Enter")
    expect(chat.visitor_messages.last).to_have_text(focused)
    expect(chat.input).to_be_focused()  # focus returns to the input
    chat.wait_until_answered()

    # Minimise and restore, then Escape closes and gives focus back to the launcher.
    minimise = page.get_by_role("button", name="Minimise chat")
    minimise.focus()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_hidden()
    expect(page.get_by_role("button", name="Restore chat")).to_be_focused()
    shot(page, "minimised")
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    page.keyboard.press("Escape")
    expect(chat.launcher).to_be_focused()
    expect(chat.input).to_be_hidden()

    # "Get help now" opens the crisis lines from the keyboard.
    page.keyboard.press("Shift+Tab")
    expect(chat.help_button).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.help_region).to_be_visible()
    expect(chat.help_region).to_contain_text("988")
    shot(page, "get-help-now")
    axe_check(page, "help open")


def test_the_pages_book_button_starts_a_booking_in_the_chat(stack, page, shot):
    page.goto(stack.page_url)
    chat = Chat(page)
    page.get_by_role("button", name="Book in the chat").click()
    expect(chat.input).to_be_focused()
    expect(chat.visitor_messages).to_have_text(["Book a consultation"])
    chat.wait_until_answered()
    assert "automated assistant" in chat.bot_texts()[0]  # greeted first
    expect(chat.bot_messages.last).to_contain_text("full name")
    shot(page, "booking-started")


def test_messages_are_rendered_as_text_with_only_bold_and_links(stack, page, shot):
    chat = open_chat(page, stack)
    hostile = (
        '<img src=x onerror="window.__pwned=1"> **Please read** https://example.org/info. '
        "and [our page](https://example.org/page) but not [this](javascript:window.__pwned=2)"
    )
    stack.push_to_widget(
        chat.session_id,
        [
            staff_event("staff_message", staff_name="<b>Eve</b>", text=hostile),
            {"event": "bot", "text": "<script>window.__pwned=3</script>"},
        ],
    )
    message = chat.staff_messages.last
    expect(message).to_contain_text('<img src=x onerror="window.__pwned=1">')
    expect(message).to_contain_text("<b>Eve</b> (clinic staff)")
    expect(message.locator("strong")).to_have_text("Please read")
    links = message.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", "https://example.org/info")
    expect(links.nth(1)).to_have_attribute("href", "https://example.org/page")
    for i in range(2):
        expect(links.nth(i)).to_have_attribute("target", "_blank")
        expect(links.nth(i)).to_have_attribute("rel", "noopener noreferrer")
    expect(message).to_contain_text("[this](javascript:window.__pwned=2)")
    expect(chat.bot_messages.last).to_have_text("<script>window.__pwned=3</script>")
    assert chat.log.locator("img, script, b").count() == 0
    assert page.evaluate("window.__pwned") is None
    shot(page, "rendered-as-text")


def test_help_turns_urgent_on_the_reply_the_server_flags_not_on_its_wording(stack, page, shot):
    chat = open_chat(page, stack)
    chat.say("thanks")  # the old wording check looked only at replies to a message of the visitor
    expect(chat.help_button).to_have_attribute("data-state", "normal")
    # Names the emergency number and the crisis line as the "busy" reply does (the wording the
    # widget once took for the crisis reply): no crisis reply.
    clinic = load_clinic_config(PROJECT_ROOT / "clinic.yml").template_values()
    lines = f"If you are in immediate danger, call {clinic['emergency_number']}. You can also {clinic['crisis_line']}."
    stack.push_to_widget(chat.session_id, [{"event": "bot", "text": lines}])
    expect(chat.bot_messages.last).to_have_text(lines)
    expect(chat.help_button).to_have_attribute("data-state", "normal")
    expect(chat.help_region).to_be_hidden()
    # A reply of a response marked `crisis: true` in domain.yml, as Rasa emits it.
    flagged = {"event": "bot", "text": "Please reach out now.", "metadata": {"metadata": {"crisis": True}}}
    stack.push_to_widget(chat.session_id, [flagged])
    expect(chat.bot_messages.last).to_have_text("Please reach out now.")
    expect(chat.help_button).to_have_attribute("data-state", "urgent")
    expect(chat.help_region).to_be_visible()
    shot(page, "flagged-crisis-reply")


def test_the_chat_fills_a_phone_screen(stack, browser, page_errors, shot, axe_check):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        page.goto(stack.page_url)
        chat = Chat(page)
        shot(page, "phone-page")
        chat.launcher.tap()
        chat.wait_until_answered()
        panel = page.locator(".cc-panel").bounding_box()
        assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 390, 844), panel
        chat.say("what does an infusion feel like")
        shot(page, "phone-chat")
        axe_check(page, "phone, chat open")
        page.get_by_role("button", name="Close chat").tap()
        expect(chat.launcher).to_be_visible()
    finally:
        context.close()
    assert not page_errors, page_errors


def test_it_reconnects_after_a_server_restart_without_losing_or_doubling_messages(stack, page, shot):
    chat = open_chat(page, stack)
    chat.say("what is ketamine")

    stack.stop_rasa()
    try:
        expect(chat.status).to_have_text("Reconnecting…")
        expect(chat.status).to_be_visible()
        shot(page, "reconnecting")

        # "Get help now" needs no server.
        chat.help_button.click()
        expect(chat.help_region).to_contain_text("911")
        expect(chat.help_region).to_contain_text("988")
        chat.help_button.click()

        # What the visitor types meanwhile waits, and says so.
        chat.input.fill("how much does it cost")
        chat.send_button.click()
        expect(chat.visitor_messages.last).to_have_text("how much does it cost")
        expect(chat.log.locator(".cc-msg--queued")).to_have_count(1)
        expect(chat.status).to_contain_text("will be sent when the chat is back")
        shot(page, "queued-while-down")
    finally:
        stack.start_rasa()

    expect(chat.status).to_be_hidden(timeout=60_000)
    chat.wait_until_answered()
    expect(chat.log).to_contain_text("$450 per infusion")
    expect(chat.log.locator(".cc-msg--queued")).to_have_count(0)
    shot(page, "reconnected")

    assert chat.visitor_messages.all_inner_texts() == ["what is ketamine", "how much does it cost"]
    user_texts = [e["text"] for e in stack.tracker(chat.session_id)["events"] if e["event"] == "user"]
    assert user_texts == ["/greet", "what is ketamine", "how much does it cost"], user_texts
    bot_texts = chat.bot_texts()
    assert len(bot_texts) == len(set(bot_texts)), bot_texts

    # The socket joined its room again: pushed messages still arrive.
    stack.push_to_widget(chat.session_id, [staff_event("staff_message", text="Still here after the restart")])
    expect(chat.staff_messages.last).to_contain_text("Still here after the restart")


def test_the_page_cannot_read_the_session_and_deletion_clears_the_widgets_copy(stack, page, shot):
    chat = open_chat(page, stack)
    chat.say("what is ketamine")
    old_session = chat.session_id
    assert old_session.startswith("web-")
    exposed = page.evaluate("JSON.stringify(window.ClinicChat) + Object.keys(window.ClinicChat).join()")
    assert old_session not in exposed and "session" not in exposed.lower()

    before = chat.bot_messages.count()
    chat.input.fill("delete my data")
    chat.send_button.click()
    expect(chat.bot_messages).to_have_count(before + 1, timeout=60_000)
    chat.quick_reply("Yes, delete it").click()
    # On the server's flag the stored transcript keeps the confirmation alone, and a new session starts.
    page.wait_for_function(
        """old => {
            const log = JSON.parse(localStorage.getItem("clinic-chat:log") || "[]");
            const session = JSON.parse(localStorage.getItem("clinic-chat:session") || "null");
            return log.length === 1 && log[0].from === "bot" && session && session.id !== old;
        }""",
        arg=old_session,
        timeout=60_000,
    )
    stored = json.dumps(chat.stored_log())
    assert "ketamine" not in stored and "delete my data" not in stored
    expect(chat.visitor_messages).to_have_count(0)
    shot(page, "after-deletion")
    # The chat goes on in the new session.
    answer = chat.say("is it addictive")
    assert answer and chat.session_id != old_session
