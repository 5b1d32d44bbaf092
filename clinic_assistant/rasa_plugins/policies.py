"""Rasa's RulePolicy, MemoizationPolicy and TEDPolicy, predicting from the recent states only.

Trained exactly like Rasa's own classes (same training code, same persisted files, same names,
so `policy` in every `ActionExecuted` event still says "RulePolicy", ...). At prediction time
Rasa's policies ask the tracker for the states of the *whole* conversation
(`tracker.past_states`), and RulePolicy then walks, formats and deep-copies all of them, although
only the last few can matter:

- MemoizationPolicy and TEDPolicy cut the states to their `max_history` (after dropping
  `action_unlikely_intent` states) before using them;
- RulePolicy compares each rule with the last `len(rule)` states only: a state further back than
  the longest rule always matches. When no rule matches, the states become a feature key that is
  only compared with rule keys (`rules_not_in_stories`, to decide `hide_rule_turn`), and a key
  longer than every rule never equals one, whether it holds 12 states or 1,200.

So each policy here gets a view of the tracker whose `past_states` returns only the last
`window` states, exactly those the full computation ends with (every state carries the slots,
active loop, previous action and user input of its time, computed from the whole conversation).
`window` is `max_history` plus the `action_unlikely_intent` states, or one more than the longest
rule: the predictions are the same as with every state. The states come from
`recent_past_states`, which is incremental for the trackers of
`clinic_assistant.rasa_plugins.tracker_store` and the plain full computation for any other
tracker (the same cost as Rasa's, used by `rasa test` and in-process agents).
"""
from __future__ import annotations

import copy
import json
from typing import Any

from rasa.core.policies.memoization import MemoizationPolicy as RasaMemoizationPolicy
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RULES_NOT_IN_STORIES
from rasa.core.policies.rule_policy import RulePolicy as RasaRulePolicy
from rasa.core.policies.ted_policy import TEDPolicy as RasaTEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_UNLIKELY_INTENT_NAME, PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME

from clinic_assistant.rasa_plugins.trackers import recent_past_states


def _is_unlikely_intent(state: State) -> bool:
    return state.get(PREVIOUS_ACTION, {}).get(ACTION_NAME) == ACTION_UNLIKELY_INTENT_NAME


class _WindowView:
    """`past_states` of a tracker cut to its last states; everything else is the tracker's."""

    def __init__(self, tracker: DialogueStateTracker, needed: Any) -> None:
        self._tracker = tracker
        self._needed = needed

    def view(self) -> DialogueStateTracker:
        view = copy.copy(self._tracker)  # shallow: same events, slots, loop, latest message
        view.past_states = self.past_states  # the instance attribute hides the method
        return view

    def past_states(
        self,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        return self._needed(
            lambda count: recent_past_states(
                self._tracker,
                domain,
                count,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
        )


def _max_history_window(max_history: int | None):
    """The last `max_history` states that are not `action_unlikely_intent`, and those between."""

    def needed(tail):
        if max_history is None:
            return tail(None)
        count = max_history
        while True:
            states, total = tail(count)
            unlikely = sum(_is_unlikely_intent(state) for state in states)
            if len(states) - unlikely >= max_history or len(states) >= total:
                return states
            count = max_history + unlikely + 1

    return needed


def _fixed_window(size: int | None):
    def needed(tail):
        return tail(size)[0]

    return needed


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class MemoizationPolicy(RasaMemoizationPolicy):
    """Rasa's MemoizationPolicy, given only the last `max_history` states at prediction."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        view = _WindowView(tracker, _max_history_window(getattr(self.featurizer, "max_history", None))).view()
        return super().predict_action_probabilities(view, domain, rule_only_data, **kwargs)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True
)
class TEDPolicy(RasaTEDPolicy):
    """Rasa's TEDPolicy, given only the last `max_history` states at prediction."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        precomputations: Any = None, **kwargs: Any,
    ) -> PolicyPrediction:
        max_history = getattr(self.featurizer, "max_history", None)
        view = _WindowView(tracker, _max_history_window(max_history)).view()
        return super().predict_action_probabilities(
            view, domain, rule_only_data=rule_only_data, precomputations=precomputations, **kwargs
        )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RulePolicy(RasaRulePolicy):
    """Rasa's RulePolicy, given only one state more than its longest rule at prediction."""

    _window_size: int | None = None

    def rule_window(self) -> int:
        """One more state than the longest rule (or unhappy-path condition) the policy knows."""
        if self._window_size is None:
            longest = 0
            for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
                for key in self.lookup.get(table, {}):
                    longest = max(longest, len(json.loads(key)))
            for key in self.lookup.get(RULES_NOT_IN_STORIES, []):
                try:
                    states = json.loads(key)
                except ValueError:  # names of default actions and loops, not states
                    continue
                if isinstance(states, list):
                    longest = max(longest, len(states))
            self._window_size = longest + 1
        return self._window_size

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        view = _WindowView(tracker, _fixed_window(self.rule_window())).view()
        return super().predict_action_probabilities(view, domain, rule_only_data, **kwargs)
