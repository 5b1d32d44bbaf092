"""The crisis-escalation worker: `python -m clinic_assistant.review.escalation_worker`, started and
restarted by the launcher beside the web app (`make run`).

Every ESCALATION_CHECK_SECONDS it runs `escalate_unclaimed_crises` (escalation.py): each crisis
handoff unclaimed for CRISIS_CLAIM_MINUTES gets one e-mail to ON_CALL_EMAILS, and its visitor is
sent `utter_staff_not_joined` (988 / 911 from clinic.yml) through Rasa's HTTP API. It also sends the
staff alert digest once its window has ended (alert_digest.py), so held alerts do not wait for the
next one, and its on-call e-mails are throttled the same way. A separate
process rather than a thread in the web app, so that it runs once however the web app is served
(several workers would each run a thread), and a crash in it is restarted on its own; running two
at once would still alert once (escalation.py marks a handoff before alerting).
"""
from __future__ import annotations

import logging
import signal
import sys
import threading

from clinic_assistant.alert_digest import staff_notifier
from clinic_assistant.console.rasa_client import HttpRasaClient, RasaClient, RasaClientError
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.review.escalation import VISITOR_RESPONSE, Escalation, escalate_unclaimed_crises
from clinic_assistant.settings import EscalationSettings, SettingsError, load_escalation_settings

log = logging.getLogger(__name__)


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
                       detail=f"conversation={escalation.conversation_id}; handoff={escalation.handoff_id}; "
                              f"failed: {VISITOR_RESPONSE} not delivered, assistant unreachable")
    return escalations


def run(settings: EscalationSettings, rasa: RasaClient, stop: threading.Event) -> None:
    """Checks every `check_seconds` until `stop` is set; a failed round (database down) is logged
    and the next one tries again."""
    while not stop.is_set():
        try:
            check_once(settings, rasa)
        except Exception:  # the loop must outlive a database restart
            log.exception("Crisis escalation check failed; trying again in %ss", settings.check_seconds)
        stop.wait(settings.check_seconds)


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
    log.info("Checking every %ss for crisis handoffs unclaimed for %s min.", settings.check_seconds,
             settings.crisis_claim_minutes)
    run(settings, HttpRasaClient(settings.rasa_url, settings.rasa_api_token), stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
