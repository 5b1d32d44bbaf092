"""Taking over, replying into, handing back and resolving a conversation, and "assign to me"
(claiming without joining): one service for the console's handoff actions. Each returns a
`HandoffOutcome` and writes one audit event, whatever the outcome (refused, assistant unreachable,
done).

Handoff states as the console uses them:
- open: waiting for a person;
- claimed (claimed_by): a person owns it. "Take over" says the person has joined, pauses the bot
  and claims it (from a colleague too: that is recorded). "Hand back" says the person has left and
  resumes the bot, but the handoff stays claimed by its owner: it is still their case and stays in
  the queue until someone resolves it. Whether the bot is paused right now is read from the tracker
  store (the latest pause/resume event), not stored twice.
- resolved (resolved_at, resolution_note): closed with a note; if the bot is still paused,
  resolving says the person has left and resumes the bot first.
All unresolved handoffs of one conversation are claimed and resolved together.

Every action runs in three steps: read what it needs in one database session and close it, call
Rasa, then record the result in a new session. A call to Rasa can take seconds (its timeout is
10 s): it must not hold a database connection, or a lock on the handoff rows, meanwhile.
"""
from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from clinic_assistant.console.auth import StaffIdentity
from clinic_assistant.console.rasa_client import RasaClient
from clinic_assistant.console.transcripts import is_paused
from clinic_assistant.db.audit import AuditAction, record
from clinic_assistant.db.engine import session_scope
from clinic_assistant.db.handoffs import active_handoffs, claim_handoffs, resolve_handoffs
from clinic_assistant.db.models import Handoff, HandoffStatus
from clinic_assistant.references import conversation_ref

log = logging.getLogger(__name__)


class HandoffOutcome(enum.Enum):
    TAKEN_OVER = "taken_over"
    TAKEN_OVER_FROM_COLLEAGUE = "taken_over_from_colleague"  # it was claimed by someone else
    REPLY_SENT = "reply_sent"
    HANDED_BACK = "handed_back"
    RESOLVED = "resolved"
    RESOLVED_AND_BOT_RESUMED = "resolved_and_bot_resumed"  # the bot was paused: resolving resumed it
    ASSIGNED = "assigned"  # claimed from the queue; the bot keeps answering until someone takes over
    ASSIGNED_FROM_COLLEAGUE = "assigned_from_colleague"
    NO_OPEN_HANDOFF = "no_open_handoff"  # nothing to act on (none, or all resolved)
    NOT_CLAIMED_BY_YOU = "not_claimed_by_you"  # a reply needs the conversation taken over first
    ASSISTANT_UNREACHABLE = "assistant_unreachable"  # Rasa failed: nothing was changed

    @property
    def succeeded(self) -> bool:
        return self not in REFUSAL_DETAILS


# What the audit says after the subject ("conversation=...; handoffs=...") when nothing was changed.
REFUSAL_DETAILS = {
    HandoffOutcome.NO_OPEN_HANDOFF: "failed: no open handoff",
    HandoffOutcome.NOT_CLAIMED_BY_YOU: "failed: not taken over by this staff member",
    HandoffOutcome.ASSISTANT_UNREACHABLE: "failed: assistant unreachable",
}


def _joined(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids)


def _owners(handoffs: Sequence[Handoff], *, except_username: str | None = None) -> list[str]:
    return sorted({h.claimed_by for h in handoffs if h.claimed_by and h.claimed_by != except_username})


def _override(owners: Sequence[str], staff: StaffIdentity) -> str:
    """The audit's note when a staff member acts on a conversation a colleague has claimed."""
    others = [owner for owner in owners if owner != staff.username]
    return f"; override of claim by {','.join(others)}" if others else ""


def _still_existing(session: Session, handoff_ids: Sequence[int]) -> list[Handoff]:
    """The handoffs read before calling Rasa, as they are now (a visitor's deletion may remove one)."""
    return [h for h in (session.get(Handoff, i) for i in handoff_ids) if h is not None]


@dataclass(frozen=True)
class HandoffService:
    database_url: str
    tracker_store_url: str
    rasa: RasaClient

    # --- the actions -------------------------------------------------------------------------

    def assign(self, conversation_id: str, staff: StaffIdentity) -> HandoffOutcome:
        """Claims the conversation's open handoffs for this staff member ("assign to me" in the
        queue) without joining the chat: a claimed crisis is no longer escalated to on-call."""
        subject = f"conversation={conversation_ref(conversation_id)}"
        with session_scope(self.database_url) as session:
            active = active_handoffs(session=session, conversation_id=conversation_id)
            if not active:
                refused = HandoffOutcome.NO_OPEN_HANDOFF
                record(session=session, action=AuditAction.ASSIGN, staff_username=staff.username,
                       detail=f"{subject}; {REFUSAL_DETAILS[refused]}")
                return refused
            previous = _owners([h for h in active if h.status == HandoffStatus.CLAIMED], except_username=staff.username)
            claim_handoffs(session=session, handoffs=active, staff_username=staff.username)
            detail = f"{subject}; handoffs={_joined([h.id for h in active])}"
            detail += f"; previously claimed by {','.join(previous)}" if previous else ""
            record(session=session, action=AuditAction.ASSIGN, staff_username=staff.username, detail=detail)
        return HandoffOutcome.ASSIGNED_FROM_COLLEAGUE if previous else HandoffOutcome.ASSIGNED

    def take_over(self, conversation_id: str, staff: StaffIdentity) -> HandoffOutcome:
        """Announces the staff member, pauses the bot and claims the conversation's open handoffs."""
        handoff_ids, _ = self._read_active(conversation_id)
        subject = f"conversation={conversation_ref(conversation_id)}"
        if not handoff_ids:
            return self._refuse(HandoffOutcome.NO_OPEN_HANDOFF, AuditAction.TAKE_OVER, staff, subject)
        subject += f"; handoffs={_joined(handoff_ids)}"

        def announce_and_pause() -> None:
            self.rasa.staff_joined(conversation_id, staff.display_name)
            self.rasa.pause(conversation_id)

        if not self._call_rasa(announce_and_pause, "Take over", conversation_id):
            return self._refuse(HandoffOutcome.ASSISTANT_UNREACHABLE, AuditAction.TAKE_OVER, staff, subject)
        with session_scope(self.database_url) as session:
            # Claimed even if a colleague resolved it meanwhile: the bot is paused now, so the
            # conversation must stay in the queue with an owner.
            handoffs = _still_existing(session, handoff_ids)
            previous = _owners([h for h in handoffs if h.status == HandoffStatus.CLAIMED],
                               except_username=staff.username)
            claim_handoffs(session=session, handoffs=handoffs, staff_username=staff.username)
            detail = subject + (f"; previously claimed by {','.join(previous)}" if previous else "")
            record(session=session, action=AuditAction.TAKE_OVER, staff_username=staff.username, detail=detail)
        return HandoffOutcome.TAKEN_OVER_FROM_COLLEAGUE if previous else HandoffOutcome.TAKEN_OVER

    def send_reply(self, conversation_id: str, staff: StaffIdentity, text: str) -> HandoffOutcome:
        """Sends `text` to the visitor as this staff member, who must have taken the conversation
        over. The audit records its length, never its words."""
        subject = f"conversation={conversation_ref(conversation_id)}; chars={len(text)}"
        with session_scope(self.database_url) as session:
            active = active_handoffs(session=session, conversation_id=conversation_id)
            mine = any(h.status == HandoffStatus.CLAIMED and h.claimed_by == staff.username for h in active)
            if not mine:
                refused = HandoffOutcome.NOT_CLAIMED_BY_YOU
                record(session=session, action=AuditAction.SEND_MESSAGE, staff_username=staff.username,
                       detail=f"{subject}; {REFUSAL_DETAILS[refused]}")
                return refused
        if not self._call_rasa(
            lambda: self.rasa.send_staff_message(conversation_id, text, staff.display_name), "Reply", conversation_id
        ):
            return self._refuse(HandoffOutcome.ASSISTANT_UNREACHABLE, AuditAction.SEND_MESSAGE, staff, subject)
        self._audit(AuditAction.SEND_MESSAGE, staff, subject)
        return HandoffOutcome.REPLY_SENT

    def hand_back(self, conversation_id: str, staff: StaffIdentity) -> HandoffOutcome:
        """Says the staff member left and resumes the bot; the handoffs stay claimed by their owners."""
        handoff_ids, owners = self._read_active(conversation_id)
        subject = f"conversation={conversation_ref(conversation_id)}"
        if not handoff_ids:
            return self._refuse(HandoffOutcome.NO_OPEN_HANDOFF, AuditAction.HAND_BACK, staff, subject)
        subject += f"; handoffs={_joined(handoff_ids)}"
        if not self._call_rasa(lambda: self._leave(conversation_id, staff), "Hand back", conversation_id):
            return self._refuse(HandoffOutcome.ASSISTANT_UNREACHABLE, AuditAction.HAND_BACK, staff, subject)
        detail = f"{subject}; stays claimed by {','.join(owners) or 'nobody'}"
        self._audit(AuditAction.HAND_BACK, staff, detail + _override(owners, staff))
        return HandoffOutcome.HANDED_BACK

    def resolve(self, conversation_id: str, staff: StaffIdentity, note: str) -> HandoffOutcome:
        """Closes the conversation's open handoffs with `note` (kept on the handoffs, never in the
        audit); a paused bot is resumed first, with the staff member's departure announced."""
        paused = is_paused(self.tracker_store_url, conversation_id)
        handoff_ids, owners = self._read_active(conversation_id)
        subject = f"conversation={conversation_ref(conversation_id)}"
        if not handoff_ids:
            return self._refuse(HandoffOutcome.NO_OPEN_HANDOFF, AuditAction.RESOLVE, staff, subject)
        subject += f"; handoffs={_joined(handoff_ids)}"
        if paused and not self._call_rasa(lambda: self._leave(conversation_id, staff), "Resolve", conversation_id):
            return self._refuse(HandoffOutcome.ASSISTANT_UNREACHABLE, AuditAction.RESOLVE, staff, subject)
        resumed = "; bot resumed" if paused else ""
        with session_scope(self.database_url) as session:
            # Only the handoffs read above: one a new crisis opened meanwhile stays open.
            handoffs = [h for h in _still_existing(session, handoff_ids) if h.status != HandoffStatus.RESOLVED]
            if not handoffs:
                record(session=session, action=AuditAction.RESOLVE, staff_username=staff.username,
                       detail=f"{subject}{resumed}; failed: resolved meanwhile")
                return HandoffOutcome.NO_OPEN_HANDOFF
            resolve_handoffs(session=session, handoffs=handoffs, note=note)
            record(session=session, action=AuditAction.RESOLVE, staff_username=staff.username,
                   detail=f"conversation={conversation_ref(conversation_id)}; "
                          f"handoffs={_joined([h.id for h in handoffs])}{resumed}"
                   + _override(owners, staff))
        return HandoffOutcome.RESOLVED_AND_BOT_RESUMED if paused else HandoffOutcome.RESOLVED

    # --- steps -------------------------------------------------------------------------------

    def _read_active(self, conversation_id: str) -> tuple[list[int], list[str]]:
        """Ids of the conversation's open handoffs (newest first) and who has claimed them."""
        with session_scope(self.database_url) as session:
            active = active_handoffs(session=session, conversation_id=conversation_id)
            return [h.id for h in active], _owners(active)

    def _leave(self, conversation_id: str, staff: StaffIdentity) -> None:
        self.rasa.staff_left(conversation_id, staff.display_name)
        self.rasa.resume(conversation_id)

    def _call_rasa(self, call: Callable[[], None], what: str, conversation_id: str) -> bool:
        """Runs `call` (callers hold no database session meanwhile); False when Rasa or its client failed."""
        try:
            call()
        except Exception:  # whatever the client raises, staff get an answer and the audit a record
            log.exception("%s of %s failed", what, conversation_ref(conversation_id))
            return False
        return True

    def _audit(self, action: AuditAction, staff: StaffIdentity, detail: str) -> None:
        with session_scope(self.database_url) as session:
            record(session=session, action=action, staff_username=staff.username, detail=detail)

    def _refuse(
        self, outcome: HandoffOutcome, action: AuditAction, staff: StaffIdentity, subject: str
    ) -> HandoffOutcome:
        """Audits an action that changed nothing, and returns its outcome."""
        self._audit(action, staff, f"{subject}; {REFUSAL_DETAILS[outcome]}")
        return outcome
