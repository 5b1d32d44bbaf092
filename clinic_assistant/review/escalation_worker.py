"""The crisis-escalation worker: `python -m clinic_assistant.review.escalation_worker`, started and
restarted by the launcher beside the web app (`make run`).

Every ESCALATION_CHECK_SECONDS it runs `escalate_unclaimed_crises` (escalation.py): each crisis
handoff unclaimed for CRISIS_CLAIM_MINUTES gets one e-mail to ON_CALL_EMAILS, and its visitor is
sent `utter_staff_not_joined` (988 / 911 from clinic.yml) through Rasa's HTTP API. It also sends the
staff alert digest once its window has ended (alert_digest.py), so held alerts do not wait for the
next one, and its on-call e-mails are throttled the same way.

It also keeps the promise of "delete my data" (clinic_assistant/privacy.py): every
PURGE_CHECK_SECONDS the transcripts visitors asked to delete are removed, and every hour what is
older than RETENTION_DAYS. Purging twice at once is harmless, like alerting. A separate
process rather than a thread in the web app, so that it runs once however the web app is served
(several workers would each run a thread), and a crash in it is restarted on its own; running two
at once would still alert once (escalation.py marks a handoff before alerting).
"""
from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from clinic_assistant.alert_digest import staff_notifier
from clinic_assistant.console.rasa_client import HttpRasaClient, RasaClient, RasaClientError
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.privacy import purge, purge_requested
from clinic_assistant.references import conversation_ref
from clinic_assistant.review.escalation import VISITOR_RESPONSE, Escalation, escalate_unclaimed_crises
from clinic_assistant.settings import EscalationSettings, SettingsError, load_escalation_settings

log = logging.getLogger(__name__)
RETENTION_PURGE_SECONDS = 3600


def check_once(settings: EscalationSettings, rasa: RasaClient, **kwargs) -> list[Escalation]:
    """One round: send a due alert digest, escalate what is due, tell each visitor, and audit a message
    that could not go out."""
    notifier = staff_notifier(settings)  # throttled: a flood of unclaimed crises ends in a digest
    try:
        notifier.send_digest_if_due()
    except Exception:  # the escalation below matters more
        log.exception("Could not send the staff alert digest; trying again next round")
    escalations = escalate_unclaimed_crises(
        settings.database_url, notifier=notifier, on_call=settings.on_call_emails,
        claim_minutes=settings.crisis_claim_minutes, **kwargs,
    )
    for escalation in escalations:
        log.warning("Crisis handoff #%s unclaimed for %s min: on-call alert %s", escalation.handoff_id,
                    escalation.minutes_unclaimed, escalation.alert.value)
        try:
            rasa.send_response(escalation.conversation_id, VISITOR_RESPONSE)
        except RasaClientError as error:
            log.error("Could not tell the visitor of handoff #%s: %s", escalation.handoff_id, error)
            with session_scope(settings.database_url) as session:
                record(session=session, action=AuditAction.CRISIS_ESCALATED, staff_username=None,
                       detail=f"conversation={conversation_ref(escalation.conversation_id)}; "
                              f"handoff={escalation.handoff_id}; "
                              f"failed: {VISITOR_RESPONSE} not delivered, assistant unreachable")
    return escalations


def purge_deletion_requests(settings: EscalationSettings) -> None:
    report = purge_requested(settings.database_url, settings.tracker_store_url)
    if report.transcripts_deleted or report.events_deleted:
        log.info("Deleted %s transcripts on request (%s events)", report.transcripts_deleted, report.events_deleted)


def purge_expired(settings: EscalationSettings) -> None:
    report = purge(settings.database_url, settings.tracker_store_url, retention_days=settings.retention_days)
    log.info("Retention purge (%s days): %s events, %s bookings, %s handoffs", settings.retention_days,
             report.events_deleted, report.bookings_deleted, report.handoffs_deleted)


@dataclass
class Job:
    name: str
    every_seconds: float
    work: Callable[[], object]
    due: float = 0.0  # on run's clock; 0 runs it at once


def jobs(settings: EscalationSettings, rasa: RasaClient) -> list[Job]:
    # Looked up at each run, so that the module's functions can be replaced (tests do).
    return [
        Job("Crisis escalation check", settings.check_seconds, lambda: check_once(settings, rasa)),
        Job("Deletion purge", settings.purge_check_seconds, lambda: purge_deletion_requests(settings)),
        Job("Retention purge", RETENTION_PURGE_SECONDS, lambda: purge_expired(settings)),
    ]


def run(
    settings: EscalationSettings, rasa: RasaClient, stop: threading.Event, clock: Callable[[], float] = time.monotonic
) -> None:
    """Runs each job when it is due until `stop` is set; a failed round (database down) is logged
    and the next one tries again."""
    schedule = jobs(settings, rasa)
    while not stop.is_set():
        for job in schedule:
            if clock() < job.due or stop.is_set():
                continue
            try:
                job.work()
            except Exception:  # the loop must outlive a database restart
                log.exception("%s failed; trying again in %ss", job.name, job.every_seconds)
            job.due = clock() + job.every_seconds
        stop.wait(max(0.0, min(job.due for job in schedule) - clock()))


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s escalation %(levelname)s %(message)s")
    try:
        settings = load_escalation_settings()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    if not settings.on_call_emails or not settings.smtp_host:
        log.warning("No ON_CALL_EMAILS / STAFF_ALERT_EMAILS or SMTP_HOST: unclaimed crises are audited and their "
                    "visitors told, but nobody is e-mailed.")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    log.info("Checking every %ss for crisis handoffs unclaimed for %s min, every %ss for deletion requests.",
             settings.check_seconds, settings.crisis_claim_minutes, settings.purge_check_seconds)
    run(settings, HttpRasaClient(settings.rasa_url, settings.rasa_api_token), stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
