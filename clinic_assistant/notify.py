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


@dataclass(frozen=True)
class EscalationNotice:
    """A crisis handoff nobody claimed in time: the second alert, to the on-call address."""

    handoff_id: int
    minutes_unclaimed: int
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
        return self._send(message, notice.handoff_id)

    def escalate(self, notice: EscalationNotice, on_call: tuple[str, ...]) -> NotifyOutcome:
        """The second alert about an unclaimed crisis, to the on-call address(es)."""
        if not self.host or not on_call:
            return NotifyOutcome.DISABLED
        message = EmailMessage()
        message["Subject"] = f"URGENT, NOT CLAIMED: crisis handoff #{notice.handoff_id}"
        message["From"] = self.sender
        message["To"] = ", ".join(on_call)
        lines = [
            f"Nobody has claimed crisis handoff #{notice.handoff_id} for {notice.minutes_unclaimed} minutes.",
            f"Risk category: {notice.risk_category or 'unknown'} (severity: {notice.severity or 'unknown'})",
            "The visitor is being told that staff have not joined yet and to use the crisis lines now.",
            "Open the staff console and take over the conversation.",
        ]
        message.set_content("\n".join(lines))
        return self._send(message, notice.handoff_id)

    def _send(self, message: EmailMessage, handoff_id: int) -> NotifyOutcome:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Could not e-mail staff about handoff #%s: %s", handoff_id, error)
            return NotifyOutcome.FAILED
        return NotifyOutcome.SENT


def notifiers_from_settings(settings: ActionSettings | Settings) -> list[Notifier]:
    return [EmailNotifier(settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.staff_alert_emails)]
