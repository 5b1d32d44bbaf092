"""Staff alert e-mails, throttled into a digest when they come in a flood.

Anyone can start 50 conversations that each say "I want to kill myself tonight": 50 crisis
handoffs are right (each is recorded and shown in the queue at once), 50 urgent e-mails are not: the
on-call inbox drowns and a real alert is lost among them. So, across the clinic:

- an alert (a new handoff to STAFF_ALERT_EMAILS, or the second alert about an unclaimed crisis to
  ON_CALL_EMAILS) is e-mailed on its own while fewer than ALERT_DIGEST_THRESHOLD alerts were
  e-mailed in the last ALERT_DIGEST_WINDOW_MINUTES (default 5 in 10 minutes);
- past that it is held (recorded in `staff_alerts`), and the held alerts go out together as one
  digest e-mail to both lists (counts and handoff numbers only, never a visitor's words) once the
  oldest of them has waited a whole window, or before the next alert that is e-mailed on its own
  again, whichever comes first. The crisis-escalation worker checks every few seconds, so a digest is not left
  waiting for the next alert (review/escalation_worker.py).

The count comes from the database, so several action servers share one threshold. Two processes
deciding at the same instant may both e-mail one alert past it; the digest itself is claimed by one
conditional UPDATE, so no held alert is reported twice.
"""
from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Callable

from clinic_assistant.db.alerts import claim_waiting, count_emailed_since, oldest_waiting, record_alert, release
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.models import as_utc, utcnow
from clinic_assistant.notify import DigestNotice, EmailNotifier, EscalationNotice, HandoffNotice, NotifyOutcome
from clinic_assistant.settings import ActionSettings, EscalationSettings

logger = logging.getLogger(__name__)
# The reason recorded for the second alert about a crisis nobody claimed (review/escalation.py).
UNCLAIMED_CRISIS = "unclaimed_crisis"


class DigestingNotifier:
    """Sends staff alerts through `email`, one by one up to the threshold, then as digests (to the
    staff list and the on-call list)."""

    def __init__(
        self,
        email: EmailNotifier,
        database_url: str,
        *,
        threshold: int,
        window: dt.timedelta,
        on_call: tuple[str, ...] = (),
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.email, self.database_url, self.on_call = email, database_url, on_call
        self.threshold, self.window, self.clock = threshold, window, clock

    def notify(self, notice: HandoffNotice) -> NotifyOutcome:
        """The alert about a new handoff, e-mailed or held; blocking, run it off the event loop."""
        if not (self.email.host and self.email.recipients):
            return NotifyOutcome.DISABLED
        return self._throttled(notice.handoff_id, notice.reason, notice.severity, lambda: self.email.notify(notice))

    def escalate(self, notice: EscalationNotice, on_call: tuple[str, ...]) -> NotifyOutcome:
        """The second alert about an unclaimed crisis, e-mailed to `on_call` or held (EmailNotifier.escalate)."""
        if not (self.email.host and on_call):
            return NotifyOutcome.DISABLED
        return self._throttled(notice.handoff_id, UNCLAIMED_CRISIS, notice.severity,
                               lambda: self.email.escalate(notice, on_call))

    def _throttled(self, handoff_id: int, reason: str, severity: str | None,
                   send: Callable[[], NotifyOutcome]) -> NotifyOutcome:
        now = self.clock()
        try:
            with session_scope(self.database_url) as session:
                held = count_emailed_since(session=session, since=now - self.window) >= self.threshold
                record_alert(session=session, handoff_id=handoff_id, reason=reason, severity=severity,
                             held=held, at=now)
        except Exception:
            # Unsure whether it is a flood: an alert too many beats an alert lost.
            logger.exception("Could not count staff alerts; e-mailing handoff #%s on its own", handoff_id)
            return send()
        if held:
            logger.warning("Handoff #%s: more than %s alerts in %s; held for the digest",
                           handoff_id, self.threshold, self.window)
            self.send_digest_if_due()
            return NotifyOutcome.HELD
        # The flood is over: what it held goes out first, so alerts arrive in order.
        self.send_digest(until=now)
        return send()

    def send_digest_if_due(self) -> NotifyOutcome | None:
        """Sends the digest when the oldest held alert has waited a whole window; None when none is due."""
        now = self.clock()
        with session_scope(self.database_url) as session:
            oldest = as_utc(oldest_waiting(session=session))
        if oldest is None or oldest > now - self.window:
            return None
        return self.send_digest(until=now)

    def send_digest(self, *, until: dt.datetime) -> NotifyOutcome | None:
        """One e-mail for every held alert up to `until` not yet in a digest; None when there is none."""
        digest = uuid.uuid4().hex
        with session_scope(self.database_url) as session:
            alerts = [(a.handoff_id, a.reason, a.severity, as_utc(a.at))
                      for a in claim_waiting(session=session, digest=digest, until=until)]
        if not alerts:
            return None
        notice = DigestNotice(
            window_minutes=int(self.window.total_seconds() // 60),
            threshold=self.threshold,
            handoff_ids=tuple(handoff_id for handoff_id, _, _, _ in alerts),
            reasons=dict(Counter(reason for _, reason, _, _ in alerts)),
            severities=dict(Counter(severity or "unknown" for _, reason, severity, _ in alerts
                                    if reason in ("crisis", UNCLAIMED_CRISIS))),
            first_at=alerts[0][3],
            last_at=alerts[-1][3],
        )
        # No database connection is held while the mail server answers.
        recipients = tuple(dict.fromkeys((*self.email.recipients, *self.on_call)))
        outcome = EmailNotifier(self.email.host, self.email.port, self.email.sender, recipients).digest(notice)
        if outcome is NotifyOutcome.FAILED:
            with session_scope(self.database_url) as session:
                release(session=session, digest=digest)  # tried again on the next alert or check
        else:
            logger.warning("Alert digest of %s held alerts: %s", len(alerts), outcome.value)
        return outcome


def staff_notifier(settings: ActionSettings | EscalationSettings) -> DigestingNotifier:
    """The staff alerts of this process: e-mail to STAFF_ALERT_EMAILS (unclaimed crises to
    ON_CALL_EMAILS), throttled into digests to both."""
    email = EmailNotifier(settings.smtp_host, settings.smtp_port, settings.smtp_sender, settings.staff_alert_emails)
    return DigestingNotifier(
        email, settings.database_url,
        threshold=settings.alert_digest_threshold,
        window=dt.timedelta(minutes=settings.alert_digest_window_minutes),
        on_call=settings.on_call_emails,
    )
