"""Rasa's policies given a view of the tracker whose `past_states` holds only the recent states.

Rasa's policies read a tracker's states only through `tracker.past_states(...)` (a contract listed
in compat.py). `windowed` hands them a shallow copy of the tracker where that method returns the
last states, exactly those the full computation ends with; `recent_past_states` computes them,
incrementally for an `IncrementalTracker` (trackers.py). Why the windows give the same
predictions: clinic_assistant/rasa_plugins/policies.py.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from rasa.shared.core.constants import ACTION_UNLIKELY_INTENT_NAME, PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME

from clinic_assistant.rasa_plugins.internals import compat
from clinic_assistant.rasa_plugins.internals.trackers import recent_past_states

# Given `tail(count)` (the last `count` states, all if None, and how many there are in all),
# returns the states a policy needs.
Window = Callable[[Callable[[int | None], tuple[list[State], int]]], list[State]]


def _is_unlikely_intent(state: State) -> bool:
    return state.get(PREVIOUS_ACTION, {}).get(ACTION_NAME) == ACTION_UNLIKELY_INTENT_NAME


def windowed(tracker: DialogueStateTracker, window: Window) -> DialogueStateTracker:
    """The tracker, with `past_states` cut to `window`; everything else is the tracker's."""

    def past_states(
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        return window(
            lambda count: recent_past_states(
                tracker,
                domain,
                count,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
        )

    view = copy.copy(tracker)  # shallow: same events, slots, loop, latest message
    view.past_states = past_states  # the instance attribute hides the method
    return view


def max_history_window(max_history: int | None) -> Window:
    """The last `max_history` states that are not `action_unlikely_intent`, and those between."""

    def needed(tail):
        if max_history is None:
            return tail(None)[0]
        count = max_history
        while True:
            states, total = tail(count)
            unlikely = sum(_is_unlikely_intent(state) for state in states)
            if len(states) - unlikely >= max_history or len(states) >= total:
                return states
            count = max_history + unlikely + 1

    return needed


def fixed_window(size: int | None) -> Window:
    def needed(tail):
        return tail(size)[0]

    return needed


def longest_rule(lookup: dict[str, Any]) -> int:
    """The number of states in the longest rule (or unhappy-path condition) of RulePolicy.lookup."""
    longest = 0
    for table in (compat.RULES, compat.RULES_FOR_LOOP_UNHAPPY_PATH):
        for key in lookup.get(table, {}):
            longest = max(longest, len(json.loads(key)))
    for key in lookup.get(compat.RULES_NOT_IN_STORIES, []):
        try:
            states = json.loads(key)
        except ValueError:  # names of default actions and loops, not states
            continue
        if isinstance(states, list):
            longest = max(longest, len(states))
    return longest
