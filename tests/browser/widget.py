"""The chat widget as a visitor sees it: find things by role and name, as assistive technology does."""
from __future__ import annotations

import json

from playwright.sync_api import Locator, Page, expect

CRISIS_TEXT = "i can't do this anymore, i'm going to kill myself tonight"
ANSWER_TIMEOUT_MS = 60_000


class Chat:
    def __init__(self, page: Page):
        self.page = page
        self.root = page.locator("aside.cc-root")
        self.launcher = page.get_by_role("button", name="Open chat", exact=True)
        self.input = page.get_by_role("textbox", name="Type your message")
        self.send_button = page.get_by_role("button", name="Send", exact=True)
        self.log = page.get_by_role("log", name="Conversation")
        self.status = self.root.get_by_role("status")
        self.help_button = self.root.get_by_role("button", name="Get help now")
        self.help_region = page.get_by_role("region", name="Crisis lines")
        self.bot_messages = self.log.locator(".cc-msg--bot .cc-bubble")
        self.visitor_messages = self.log.locator(".cc-msg--visitor .cc-bubble")
        self.staff_messages = self.log.locator(".cc-msg--staff")
        self.notices = self.log.locator(".cc-msg--system")

    def open(self) -> None:
        self.launcher.click()
        expect(self.input).to_be_focused()

    @property
    def session_id(self) -> str:
        """The session the server issued (the test reads the widget's storage; the page's
        window.ClinicChat does not show it)."""
        session = json.loads(self.page.evaluate("localStorage.getItem('clinic-chat:session')") or "null")
        return session["id"] if session else ""

    def stored_log(self) -> list[dict]:
        raw = self.page.evaluate("localStorage.getItem('clinic-chat:log')")
        return json.loads(raw) if raw else []

    def wait_until_answered(self) -> None:
        """Every message the visitor typed was acknowledged by Rasa, which happens after its replies."""
        self.page.wait_for_function(
            """() => {
                const log = JSON.parse(localStorage.getItem("clinic-chat:log") || "[]");
                const pending = Object.keys(localStorage).some(k => k.startsWith("clinic-chat:out:"));
                return log.length > 0 && !pending
                    && log.every(m => m.from !== "visitor" || m.status === "sent");
            }""",
            timeout=ANSWER_TIMEOUT_MS,
        )
        expect(self.root.locator(".cc-typing")).to_be_hidden()

    def bot_texts(self) -> list[str]:
        return self.bot_messages.all_inner_texts()

    def say(self, text: str) -> list[str]:
        """Types a message, sends it with the Send button, returns the bot's new messages."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.send_button.click()
        expect(self.visitor_messages.last).to_have_text(text)
        self.wait_until_answered()
        return self.bot_texts()[before:]

    def quick_reply(self, title: str) -> Locator:
        """A button of the latest suggested replies."""
        latest = self.log.get_by_role("group", name="Suggested replies").last
        return latest.get_by_role("button", name=title, exact=True)

    def click_quick_reply(self, title: str) -> list[str]:
        before = self.bot_messages.count()
        self.quick_reply(title).click()
        expect(self.visitor_messages.last).to_have_text(title)
        self.wait_until_answered()
        return self.bot_texts()[before:]


def staff_event(kind: str, staff_name: str = "Sam", text: str | None = None) -> dict:
    """A staff event as the staff console appends it: a bot event carrying custom JSON, which Rasa's
    socket.io channel emits as `bot_uttered` with the inner `data`."""
    data = {"type": kind, "staff_name": staff_name}
    if text is not None:
        data["text"] = text
    return {"event": "bot", "text": None, "data": {"custom": {"data": data}}}
