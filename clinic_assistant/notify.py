"""Staff notifications about new handoffs, behind one small interface.

The console queue reads handoffs from the app database, so storing the handoff is the
first notification; e-mail over SMTP is the second when SMTP_HOST is set. Messages carry
no personal details or message text: only the reason, category and where to look.
"""
from __future__ import annotations

import enum
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from clinic_assistant.settings import ActionSettings, Settings

logger = logging.getLogger(__name__)
SMTP_TIMEOUT_SECONDS = 10


class NotifyOutcome(enum.Enum):
    SENT = "sent"
    DISABLED = "disabled"
    FAILED = "failed"


@dataclass(frozen=True)
class HandoffNotice:
    handoff_id: int
    reason: str
    risk_category: str | None
    severity: str | None


class Notifier(Protocol):
    def notify(self, notice: HandoffNotice) -> NotifyOutcome: ...


class EmailNotifier:
    def __init__(self, host: str, port: int, sender: str, recipients: tuple[str, ...]) -> None:
        self.host, self.port, self.sender, self.recipients = host, port, sender, recipients

    def notify(self, notice: HandoffNotice) -> NotifyOutcome:
        if not self.host or not self.recipients:
            return NotifyOutcome.DISABLED
        message = EmailMessage()
        urgent = "URGENT " if notice.reason == "crisis" else ""
        message["Subject"] = f"{urgent}Handoff #{notice.handoff_id}: {notice.reason}"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        lines = [
            f"A conversation needs a person (handoff #{notice.handoff_id}).",
            f"Reason: {notice.reason}",
        ]
        if notice.risk_category:
            lines.append(f"Risk category: {notice.risk_category} (severity: {notice.severity or 'unknown'})")
        lines.append("Open the staff console to read the transcript and take over.")
        message.set_content("\n".join(lines))
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Could not e-mail staff about handoff #%s: %s", notice.handoff_id, error)
            return NotifyOutcome.FAILED
        return NotifyOutcome.SENT


def notifiers_from_settings(settings: ActionSettings | Settings) -> list[Notifier]:
    return [EmailNotifier(settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.staff_alert_emails)]
