"""Rasa's RulePolicy, MemoizationPolicy and TEDPolicy, predicting from the recent states only.

`ClinicRulePolicy`, `ClinicMemoizationPolicy` and `ClinicTEDPolicy` are trained exactly like
Rasa's own classes (same training code, same persisted files). They have names of their own:
Rasa's recipe registers components by class name, and a class named `RulePolicy` would replace
Rasa's own entry in every process that imports this module (so the `policy` of the events they
predict says `ClinicRulePolicy`, ...). At prediction time Rasa's policies ask the tracker for the
states of the *whole* conversation (`tracker.past_states`), and RulePolicy then walks, formats and
deep-copies all of them, although only the last few can matter:

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
tracker (the same cost as Rasa's, used by `rasa test` and in-process agents). The view and the
states rely on Rasa's internals, so they live in internals/policies.py and internals/trackers.py.
"""
from __future__ import annotations

from typing import Any

from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.rasa_plugins.internals.policies import (
    fixed_window,
    longest_rule,
    max_history_window,
    windowed,
)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class ClinicMemoizationPolicy(MemoizationPolicy):
    """Rasa's MemoizationPolicy, given only the last `max_history` states at prediction."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        view = windowed(tracker, max_history_window(getattr(self.featurizer, "max_history", None)))
        return super().predict_action_probabilities(view, domain, rule_only_data, **kwargs)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True
)
class ClinicTEDPolicy(TEDPolicy):
    """Rasa's TEDPolicy, given only the last `max_history` states at prediction."""

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        precomputations: Any = None, **kwargs: Any,
    ) -> PolicyPrediction:
        view = windowed(tracker, max_history_window(getattr(self.featurizer, "max_history", None)))
        return super().predict_action_probabilities(
            view, domain, rule_only_data=rule_only_data, precomputations=precomputations, **kwargs
        )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class ClinicRulePolicy(RulePolicy):
    """Rasa's RulePolicy, given only one state more than its longest rule at prediction."""

    _window_size: int | None = None

    def rule_window(self) -> int:
        """One more state than the longest rule (or unhappy-path condition) the policy knows."""
        if self._window_size is None:
            self._window_size = longest_rule(self.lookup) + 1
        return self._window_size

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        view = windowed(tracker, fixed_window(self.rule_window()))
        return super().predict_action_probabilities(view, domain, rule_only_data, **kwargs)
