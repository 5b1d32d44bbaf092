"""Staff notifications about new handoffs, behind one small interface.

The console queue reads handoffs from the app database, so storing the handoff is the
first notification; e-mail over SMTP is the second when SMTP_HOST is set. Messages carry
no personal details or message text: only the reason, category and where to look. Past
ALERT_DIGEST_THRESHOLD alerts in a window, alerts wait for one digest (alert_digest.py).
"""
from __future__ import annotations

import datetime as dt
import enum
import logging
import smtplib
import textwrap
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

logger = logging.getLogger(__name__)
SMTP_TIMEOUT_SECONDS = 10


class NotifyOutcome(enum.Enum):
    SENT = "sent"
    DISABLED = "disabled"
    FAILED = "failed"
    HELD = "held for the digest"


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


@dataclass(frozen=True)
class DigestNotice:
    """The alerts held back in a flood, by reference only: handoff numbers, reasons, severities."""

    window_minutes: int
    threshold: int
    handoff_ids: tuple[int, ...]
    reasons: dict[str, int]  # reason -> how many
    severities: dict[str, int]  # severity of the crisis ones -> how many
    first_at: dt.datetime
    last_at: dt.datetime


# A digest names this many handoffs at most; the console queue has them all.
MAX_DIGEST_REFERENCES = 200


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

    def digest(self, notice: DigestNotice) -> NotifyOutcome:
        """One e-mail for the alerts held back in a flood: counts and handoff numbers, no visitor's words."""
        if not self.host or not self.recipients:
            return NotifyOutcome.DISABLED
        count = len(notice.handoff_ids)
        crises = notice.reasons.get("crisis", 0) + notice.reasons.get("unclaimed_crisis", 0)
        message = EmailMessage()
        urgent = "URGENT " if crises else ""
        message["Subject"] = f"{urgent}Alert digest: {count} more handoff{'s' if count != 1 else ''} ({crises} crisis)"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        shown = ", ".join(f"#{handoff_id}" for handoff_id in notice.handoff_ids[:MAX_DIGEST_REFERENCES])
        more = count - min(count, MAX_DIGEST_REFERENCES)
        lines = [
            f"More than {notice.threshold} staff alerts came within {notice.window_minutes} minutes, so the "
            f"next {count} were collected here instead of one e-mail each.",
            f"From {notice.first_at:%Y-%m-%d %H:%M} to {notice.last_at:%H:%M} UTC.",
            "",
            *(f"{reason}: {n}" for reason, n in sorted(notice.reasons.items())),
        ]
        if notice.severities:
            lines.append("Crisis severity: " + ", ".join(f"{s} {n}" for s, n in sorted(notice.severities.items())))
        lines += [
            "",
            *textwrap.wrap(f"Handoffs: {shown}" + (f" and {more} more" if more else ""), width=72),
            "",
            "Every one of them is in the staff console queue, crises first. A sudden burst from new",
            "conversations can be a flood of made-up visitors; read the transcripts before acting.",
        ]
        message.set_content("\n".join(lines))
        return self._send(message, notice.handoff_ids[0] if notice.handoff_ids else 0)

    def _send(self, message: EmailMessage, handoff_id: int) -> NotifyOutcome:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Could not e-mail staff about handoff #%s: %s", handoff_id, error)
            return NotifyOutcome.FAILED
        return NotifyOutcome.SENT
