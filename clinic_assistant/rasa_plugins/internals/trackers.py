"""A DialogueStateTracker that does not redo the whole conversation for every question.

Rasa recomputes from the first event, many times per turn:
- `copy()` (before every action) replays every event into a new tracker;
- `applied_events()` (the NLG, actions, policies) walks every event;
- the policies' states (`past_states`) replay every applied event and build one state per action.

`IncrementalTracker` gives the same answers from work kept between calls, and only does the work
for the events added since:
- a *shadow*: a plain tracker to which every event is applied as it is added, which is what
  `copy()`'s replay would rebuild (so `copy()` ignores direct state changes such as
  `clear_followup_action()`, as Rasa's does);
- the applied events so far (the walk resumes while no new loop name appears, because which loop
  executions are undone depends on every loop name in the conversation);
- for each set of options of `past_states`, the prior tracker at the last applied event and the
  states so far (`recent_past_states`).

Every cache records which events it was made from (how many, and the identity of the first and
last) and is rebuilt from scratch when they are not the tracker's first events any more
(`max_event_history`, an event list replaced or shortened). Copies share the caches and copy one
before changing it. Trackers of any other class get Rasa's own computation.
"""
from __future__ import annotations

import copy
import itertools
import json
from collections import deque
from typing import Any

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.rasa_plugins.internals import compat


def clone_state(tracker: DialogueStateTracker, cls: type | None = None) -> DialogueStateTracker:
    """A tracker in the same state: its own event list, slots, loop and latest action.

    The events themselves are shared, as they are between a tracker and Rasa's replayed copy.
    """
    clone = object.__new__(cls or type(tracker))
    clone.__dict__.update(tracker.__dict__)
    clone.events = deque(tracker.events, tracker.events.maxlen)
    slots = type(tracker.slots)()
    slots.update({name: copy.copy(slot) for name, slot in tracker.slots.items()})
    clone.slots = slots
    if tracker.active_loop is not None:
        clone.active_loop = copy.copy(tracker.active_loop)
    if isinstance(tracker.latest_action, dict):
        clone.latest_action = dict(tracker.latest_action)
    return clone


def _copy_states(states: list[State]) -> list[State]:
    """Fresh state dictionaries (callers edit them), sub-states shared between them kept shared."""
    memo: dict[int, dict] = {}
    result = []
    for state in states:
        new = {}
        for key, sub_state in state.items():
            if isinstance(sub_state, dict):
                copied = memo.get(id(sub_state))
                if copied is None:
                    copied = memo[id(sub_state)] = dict(sub_state)
                new[key] = copied
            else:
                new[key] = sub_state
        result.append(new)
    return result


class _AppliedFold:
    """`DialogueStateTracker.applied_events` over the first `count` events."""

    __slots__ = ("owner", "count", "first", "last", "loop_names", "applied")

    def __init__(self, owner: Any, loop_names: set) -> None:
        self.owner = owner
        self.count = 0
        self.first: Event | None = None
        self.last: Event | None = None
        self.loop_names = loop_names
        self.applied: list[Event] = []

    def copy_for(self, owner: Any) -> _AppliedFold:
        fold = _AppliedFold(owner, self.loop_names)
        fold.count, fold.first, fold.last = self.count, self.first, self.last
        fold.applied = list(self.applied)
        return fold


class _StatesFold:
    """`Domain.states_for_tracker_history` over the first `count` applied events."""

    __slots__ = (
        "owner", "domain", "options", "count", "last", "prior", "states", "last_ml_action_sub_state",
        "turn_was_hidden",
    )

    def __init__(self, owner: Any, domain: Domain, options: tuple, prior: DialogueStateTracker) -> None:
        self.owner = owner
        self.domain = domain
        self.options = options
        self.count = 0
        self.last: Event | None = None
        self.prior = prior
        self.states: list[State] = []
        self.last_ml_action_sub_state = None
        self.turn_was_hidden = False

    def copy_for(self, owner: Any) -> _StatesFold:
        fold = _StatesFold(owner, self.domain, self.options, clone_state(self.prior))
        fold.count, fold.last = self.count, self.last
        fold.states = list(self.states)
        fold.last_ml_action_sub_state = self.last_ml_action_sub_state
        fold.turn_was_hidden = self.turn_was_hidden
        return fold

    def state(
        self, hide_rule_turn: bool, omit_unset_slots: bool, ignore_rule_only_turns: bool,
        rule_only_data: dict[str, Any] | None, commit: bool,
    ) -> State | None:
        """One step of Domain.states_for_tracker_history, with `self.prior` as the prior tracker."""
        domain, tr = self.domain, self.prior
        last_ml_action_sub_state = self.last_ml_action_sub_state
        turn_was_hidden = self.turn_was_hidden
        state: State | None = None
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = compat.prev_action_sub_state(domain, tr)
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                turn_was_hidden = hide_rule_turn
        if not (ignore_rule_only_turns and turn_was_hidden):
            state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
            if ignore_rule_only_turns:
                compat.remove_rule_only_features(domain, state, rule_only_data)
                if self.states:
                    compat.substitute_rule_only_user_input(domain, state, self.states[-1])
                if last_ml_action_sub_state:
                    state[PREVIOUS_ACTION] = last_ml_action_sub_state
            state = compat.clean_state(domain, state)
        if commit:
            self.last_ml_action_sub_state = last_ml_action_sub_state
            self.turn_was_hidden = turn_was_hidden
            if state is not None:
                self.states.append(state)
        return state


def _options_key(omit_unset_slots: bool, ignore_rule_only_turns: bool, rule_only_data: Any) -> str:
    return json.dumps([omit_unset_slots, ignore_rule_only_turns, rule_only_data], sort_keys=True, default=repr)


class IncrementalTracker(DialogueStateTracker):
    """A DialogueStateTracker whose copies, applied events and states cost only the new events."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._shadow: DialogueStateTracker | None = None
        self._applied_fold: _AppliedFold | None = None
        self._states_folds: dict[str, _StatesFold] = {}
        super().__init__(*args, **kwargs)
        if compat.max_event_history(self) is None:
            self._shadow = self.init_copy()

    # -- copy(): the state a replay of every event gives ------------------------------------------
    def update(self, event: Event, domain: Domain | None = None) -> None:
        super().update(event, domain)
        shadow = self._shadow
        if shadow is not None:
            if len(shadow.events) + 1 == len(self.events) and self.events[-1] is event:
                shadow.update(event)
            else:
                self._shadow = None

    def _shadow_in_step(self) -> bool:
        shadow, events = self._shadow, self.events
        if shadow is None or len(shadow.events) != len(events):
            return False
        return not events or (shadow.events[-1] is events[-1] and shadow.events[0] is events[0])

    def copy(self) -> DialogueStateTracker:
        """Rasa's copy (every event replayed into a new tracker), from the shadow."""
        if not self._shadow_in_step():
            return super().copy()
        return self._clone_from(self._shadow)

    def _clone_from(self, shadow: DialogueStateTracker) -> IncrementalTracker:
        clone = clone_state(shadow, IncrementalTracker)
        clone._shadow = clone_state(shadow)
        clone._applied_fold = self._applied_fold
        clone._states_folds = dict(self._states_folds)
        return clone

    def handout(self) -> IncrementalTracker:
        """A copy in this tracker's own state (not replayed), for a tracker store to hand out."""
        if self._shadow_in_step():
            shadow = clone_state(self._shadow)
        else:
            shadow = None
        clone = clone_state(self)
        clone._shadow = shadow
        clone._applied_fold = self._applied_fold
        clone._states_folds = dict(self._states_folds)
        return clone

    # -- applied_events() ---------------------------------------------------------------------------
    def _fold_matches(self, count: int, first: Event | None, last: Event | None) -> bool:
        events = self.events
        if count > len(events):
            return False
        return count == 0 or (events[0] is first and events[count - 1] is last)

    def applied_events(self) -> list[Event]:
        if compat.max_event_history(self) is not None:
            return super().applied_events()
        events = self.events
        fold = self._applied_fold
        if fold is not None and self._fold_matches(fold.count, fold.first, fold.last):
            new = list(itertools.islice(events, fold.count, None))
            if not any(isinstance(e, ActiveLoop) and e.name and e.name not in fold.loop_names for e in new):
                if new:
                    if fold.owner is not self:
                        fold = fold.copy_for(self)
                    self._extend_applied(fold, new)
                    self._applied_fold = fold
                return list(fold.applied)
        loop_names = {event.name for event in events if isinstance(event, ActiveLoop) and event.name}
        fold = _AppliedFold(self, loop_names)
        self._extend_applied(fold, list(events))
        self._applied_fold = fold
        return list(fold.applied)

    def _extend_applied(self, fold: _AppliedFold, new_events: list[Event]) -> None:
        """The loop of DialogueStateTracker.applied_events, continued over `new_events`."""
        applied_events = fold.applied
        loop_names = fold.loop_names
        for event in new_events:
            if isinstance(event, (Restarted, SessionStarted)):
                applied_events.clear()
            elif isinstance(event, ActionReverted):
                compat.undo_till_previous(ActionExecuted, applied_events)
            elif isinstance(event, UserUtteranceReverted):
                compat.undo_till_previous(UserUttered, applied_events)
                compat.undo_till_previous(ActionExecuted, applied_events)
            elif (
                isinstance(event, ActionExecuted)
                and event.action_name in loop_names
                and not compat.first_loop_execution_or_unhappy_path(self, event.action_name, applied_events)
            ):
                compat.undo_till_previous_loop_execution(event.action_name, applied_events)
            else:
                applied_events.append(event)
        fold.count += len(new_events)
        if self.events:
            fold.first, fold.last = self.events[0], self.events[fold.count - 1]

    # -- past_states(), the last ones ------------------------------------------------------------
    def recent_past_states(
        self, domain: Domain, count: int | None, omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False, rule_only_data: dict[str, Any] | None = None,
    ) -> tuple[list[State], int]:
        """The last `count` (all if None) of `past_states(...)`, and how many there are in all."""
        if compat.max_event_history(self) is not None:
            return _cut(self.past_states(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data), count)
        applied = self.applied_events()
        key = _options_key(omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        options = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        fold = self._states_folds.get(key)
        if not (
            fold is not None
            and fold.domain is domain
            and fold.count <= len(applied)
            and (fold.count == 0 or applied[fold.count - 1] is fold.last)
        ):
            fold = _StatesFold(self, domain, options, self.init_copy())
        elif fold.owner is not self and fold.count < len(applied):
            fold = fold.copy_for(self)
        for event in applied[fold.count:]:
            if isinstance(event, ActionExecuted):
                fold.state(event.hide_rule_turn, *options, commit=True)
            fold.prior.update(event)
        if fold.count != len(applied):
            fold.count = len(applied)
            fold.last = applied[-1] if applied else None
        self._states_folds[key] = fold
        # The prior tracker after the last event gives the last state, computed afresh each time.
        final = fold.state(False, *options, commit=False)
        states = fold.states
        total = len(states) + (final is not None)
        if count is None:
            tail = states[:]
        else:
            keep = count - (final is not None)
            tail = states[len(states) - keep:] if 0 < keep < len(states) else (states[:] if keep > 0 else [])
        if final is not None:
            tail.append(final)
        return _copy_states(tail), total

    def states_options(self) -> list[tuple[Domain, tuple]]:
        """The domains and options `recent_past_states` was asked for on this tracker."""
        return [(fold.domain, fold.options) for fold in self._states_folds.values()]

    def advance(self, states_options: list[tuple[Domain, tuple]]) -> None:
        """Brings the applied events and these states up to date with the events."""
        self.applied_events()
        for domain, options in states_options:
            self.recent_past_states(domain, 1, *options)


def _cut(states: list[State], count: int | None) -> tuple[list[State], int]:
    return (states[-count:] if count else states), len(states)


def recent_past_states(
    tracker: DialogueStateTracker, domain: Domain, count: int | None, omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False, rule_only_data: dict[str, Any] | None = None,
) -> tuple[list[State], int]:
    """The last `count` states of `tracker.past_states(...)` (all if None), and their number."""
    if isinstance(tracker, IncrementalTracker):
        return tracker.recent_past_states(
            domain, count, omit_unset_slots=omit_unset_slots, ignore_rule_only_turns=ignore_rule_only_turns,
            rule_only_data=rule_only_data,
        )
    states = DialogueStateTracker.past_states(
        tracker, domain, omit_unset_slots=omit_unset_slots, ignore_rule_only_turns=ignore_rule_only_turns,
        rule_only_data=rule_only_data,
    )
    return _cut(states, count)
