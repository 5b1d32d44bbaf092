"""Every private name of Rasa (and of the server libraries Rasa brings) that this project uses.

Rasa's public API offers no way to reuse the states it computed, to read only new tracker rows, or
to know where its server keeps the agent, so a few plug-ins reach into its internals. Each such
name is spelled here and nowhere else: code elsewhere calls the accessors below, so
`grep -rn "compat\\." clinic_assistant` finds every use, and `PRIVATE_NAMES` is the list that
tests/unit/test_rasa_compat.py checks against the installed Rasa.

A private name can change its meaning in any release without notice, and the assistant would
then predict differently instead of failing. So every plug-in refuses to load on a Rasa version the
names were not checked against (`SUPPORTED_RASA`, rasa_version.py): the package
`clinic_assistant.rasa_plugins` runs the check when Rasa imports any plug-in, and this module runs
it again before its own imports. To support another version: read each name below in
that version's source, run the unit tests and `rasa test core`, then widen the range.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clinic_assistant.rasa_plugins.internals.rasa_version import (
    SUPPORTED_RASA,
    UnsupportedRasaVersion,
    check_rasa_version,
    require_supported_rasa,
)

# Before the imports below: on another version they may not exist, or mean something else.
require_supported_rasa()

import rasa.core.policies.rule_policy as rasa_rule_policy  # noqa: E402
import rasa.core.tracker_store as rasa_tracker_store  # noqa: E402
import sanic_cors.core  # noqa: E402
from rasa.core.policies.rule_policy import (  # noqa: E402
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
)
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs  # noqa: E402
from rasa.shared.core.domain import Domain, State  # noqa: E402
from rasa.shared.core.events import Event  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from sanic import Sanic  # noqa: E402
from sanic.request import Request  # noqa: E402


@dataclass(frozen=True)
class PrivateName:
    """One name of Rasa's (or Sanic-CORS's) internals that this project relies on."""

    owner: Any  # the class or module that has it
    name: str
    used_for: str
    on_instances: bool = False  # an attribute set in __init__, not on the class


PRIVATE_NAMES: tuple[PrivateName, ...] = (
    # internals/trackers.py: applied events and policy states, computed incrementally
    PrivateName(DialogueStateTracker, "_max_event_history", "trackers.py: a capped tracker gets Rasa's computation",
                on_instances=True),
    PrivateName(DialogueStateTracker, "_undo_till_previous", "trackers.py: applied_events, continued"),
    PrivateName(DialogueStateTracker, "_first_loop_execution_or_unhappy_path", "trackers.py: applied_events"),
    PrivateName(DialogueStateTracker, "_undo_till_previous_loop_execution", "trackers.py: applied_events"),
    PrivateName(Domain, "_get_prev_action_sub_state", "trackers.py: states_for_tracker_history, continued"),
    PrivateName(Domain, "_remove_rule_only_features", "trackers.py: states_for_tracker_history"),
    PrivateName(Domain, "_substitute_rule_only_user_input", "trackers.py: states_for_tracker_history"),
    PrivateName(Domain, "_clean_state", "trackers.py: states_for_tracker_history"),
    # internals/tracker_store.py: reading only the rows added since the last read
    PrivateName(SQLTrackerStore, "_additional_events", "tracker_store.py: the events `save` writes"),
    PrivateName(SQLTrackerStore, "_event_query", "tracker_store.py: the rows of the latest session"),
    # rasa_plugins/channels.py: the socket.io channel answers CORS for its own origins
    PrivateName(sanic_cors.core, "SANIC_CORS_EVALUATED", "channels.py: Rasa's --cors leaves socket.io alone"),
)

# Names without an underscore that are still Rasa's internals (not in its documented API).
INTERNAL_NAMES: tuple[PrivateName, ...] = (
    PrivateName(DialogueStateTracker, "latest_action", "trackers.py: clone_state copies the instance attributes",
                on_instances=True),
    PrivateName(DialogueStateTracker, "active_loop", "trackers.py: clone_state", on_instances=True),
    PrivateName(SQLTrackerStore, "SQLEvent", "tracker_store.py: counting a conversation's rows"),
    PrivateName(SQLTrackerStore, "session_scope", "tracker_store.py: one database session per read"),
    PrivateName(rasa_tracker_store, "create_engine_kwargs", "tracker_store.py: the engine, re-made with pre-ping"),
    PrivateName(rasa_rule_policy, "RULES", "policies.py: the longest rule in RulePolicy.lookup"),
    PrivateName(rasa_rule_policy, "RULES_FOR_LOOP_UNHAPPY_PATH", "policies.py: the longest rule"),
    PrivateName(rasa_rule_policy, "RULES_NOT_IN_STORIES", "policies.py: the longest rule"),
)

# How Rasa 3.6 works inside, relied on without a name to check (tests/unit/test_rasa_compat.py
# reads each in Rasa's source): policies get their states only from `tracker.past_states(...)`,
# which is how internals/policies.py hands them a window; and Rasa's server keeps its agent in
# `app.ctx.agent`, where the channels find the tracker store, domain and NLG.
CONTRACTS = {
    "rasa.core.featurizers.tracker_featurizers": "tracker.past_states(",
    "rasa.core.policies.rule_policy": "tracker.past_states(domain)",
    "rasa.core.run": "app.ctx.agent = ",
    # rasa_plugins/channels.py: the socket.io message handler is wrapped to know the client address;
    # python-socketio keeps handlers by namespace and event, engineio's Sanic driver keeps the request.
    "socketio.server": "self.handlers[namespace][event] = handler",
    "engineio.async_drivers.sanic": "'sanic.request': request",
    "rasa.core.channels.socketio": "async def handle_message(sid: Text, data: Dict)",
}


# ---------------------------------------------------------------- DialogueStateTracker
def max_event_history(tracker: DialogueStateTracker) -> int | None:
    return tracker._max_event_history


def undo_till_previous(event_type: type, done_events: list[Event]) -> None:
    DialogueStateTracker._undo_till_previous(event_type, done_events)


def first_loop_execution_or_unhappy_path(
    tracker: DialogueStateTracker, loop_action_name: str, applied_events: list[Event]
) -> bool:
    return tracker._first_loop_execution_or_unhappy_path(loop_action_name, applied_events)


def undo_till_previous_loop_execution(loop_action_name: str, done_events: list[Event]) -> None:
    DialogueStateTracker._undo_till_previous_loop_execution(loop_action_name, done_events)


# ---------------------------------------------------------------- Domain (the steps of states_for_tracker_history)
def prev_action_sub_state(domain: Domain, tracker: DialogueStateTracker) -> dict[str, str] | None:
    return domain._get_prev_action_sub_state(tracker)


def remove_rule_only_features(domain: Domain, state: State, rule_only_data: dict[str, Any] | None) -> None:
    domain._remove_rule_only_features(state, rule_only_data)


def substitute_rule_only_user_input(domain: Domain, state: State, last_ml_state: State) -> None:
    domain._substitute_rule_only_user_input(state, last_ml_state)


def clean_state(domain: Domain, state: State) -> State:
    return domain._clean_state(state)


# ---------------------------------------------------------------- SQLTrackerStore
class SQLTrackerStoreWithHooks(SQLTrackerStore):
    """Rasa's SQLTrackerStore with its two private hooks under public names.

    Override `additional_events` (which of a tracker's events `save` writes) instead of Rasa's
    `_additional_events`, `events_to_write` to filter them last (in the same database session
    as the writing), and call `event_query` instead of `_event_query`.
    """

    def _additional_events(self, session: Any, tracker: DialogueStateTracker):
        return self.events_to_write(session, tracker, self.additional_events(session, tracker))

    def events_to_write(self, session: Any, tracker: DialogueStateTracker, events: Any):
        return events

    def additional_events(self, session: Any, tracker: DialogueStateTracker):
        return SQLTrackerStore._additional_events(self, session, tracker)

    def event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool):
        return self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)


# ---------------------------------------------------------------- Rasa's server
def running_agent() -> Any:
    """The Agent of the Rasa server this code runs in (its tracker store, domain and NLG)."""
    return Sanic.get_app().ctx.agent


def skip_sanic_cors(request: Request) -> None:
    """Makes the Sanic-CORS that `rasa run --cors` installs leave this request's response alone
    (its handler sets its own CORS headers, and two Access-Control-Allow-Origin make browsers
    refuse the response)."""
    setattr(request.ctx, sanic_cors.core.SANIC_CORS_EVALUATED, "1")


# ---------------------------------------------------------------- python-socketio (as Rasa 3.6 uses it)
def wrap_socketio_handler(sio: Any, namespace: str | None, event: str, wrap: Any) -> None:
    """Replaces the handler registered for `event` by `wrap(handler)`."""
    handlers = sio.handlers[namespace or "/"]
    handlers[event] = wrap(handlers[event])


def socketio_request(sio: Any, sid: str, namespace: str | None) -> Request | None:
    """The Sanic request that opened the socket `sid` (its peer and headers), if still known."""
    environ = sio.get_environ(sid, namespace or "/") or {}
    return environ.get("sanic.request")


__all__ = [
    "RULES", "RULES_FOR_LOOP_UNHAPPY_PATH", "RULES_NOT_IN_STORIES", "create_engine_kwargs",
    "SUPPORTED_RASA", "UnsupportedRasaVersion", "check_rasa_version", "require_supported_rasa",
]
