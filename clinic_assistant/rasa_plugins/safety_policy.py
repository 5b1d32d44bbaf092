"""SafetyPolicy: the conversation-level safety decisions, above every other policy.

Rules see one message at a time; safety needs the conversation: was there a crisis already, did
lower signals add up, did the visitor just answer "are you safe?". This policy reads the risk
that the RiskDetector stored on each visitor message of the session, asks
`clinic_assistant.risk.conversation.plan_reply` what to do, and predicts that plan one action at
a time, then `action_listen` (or nothing, to let the ordinary rules continue). When the plan has
nothing to say it predicts nothing and the other policies decide.

Its predictions win: confidence 1.0, the highest priority, and flagged like RulePolicy's loop
predictions so that a form in progress does not outrank them. Every reply in a plan is a
response rendered by the Rasa server itself, so it reaches the visitor with the action server down.
"""
from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from clinic_assistant.risk.conversation import Turn, plan_reply

PRIORITY = 7  # above RulePolicy (6)


def session_turns(tracker: DialogueStateTracker) -> list[Turn]:
    """The visitor's messages of the current session, each with the actions that followed it."""
    turns: list[Turn] = []
    actions: list[str] = []
    user: UserUttered | None = None
    for event in tracker.applied_events():
        if isinstance(event, UserUttered):
            if user is not None:
                turns.append(_turn(user, actions))
            user, actions = event, []
        elif isinstance(event, ActionExecuted) and user is not None and event.action_name != ACTION_LISTEN_NAME:
            actions.append(event.action_name)
    if user is not None:
        turns.append(_turn(user, actions))
    return turns


def _turn(event: UserUttered, actions: list[str]) -> Turn:
    parse = event.parse_data or {}
    intent = event.intent or {}
    return Turn(
        parse.get("risk") or {}, intent.get("name") or "", tuple(actions), event.text or "",
        float(intent.get("confidence") or 0.0),
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class SafetyPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": PRIORITY}

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, featurizer: Any = None,
    ) -> None:
        config = {**self.get_default_config(), **config}
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self.resource = resource  # nothing to train: training hands it back as it came

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self.resource

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self._next_action(tracker)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction_of([0.0] * domain.num_actions)  # no opinion: the others decide
        return self._prediction_of(confidence_scores_for(action, 1.0, domain), is_no_user_prediction=True)

    def _prediction_of(self, probabilities: list[float], is_no_user_prediction: bool = False) -> PolicyPrediction:
        # What Rasa's Policy._prediction builds, through the public constructor.
        return PolicyPrediction(
            probabilities, type(self).__name__, self.priority, is_no_user_prediction=is_no_user_prediction
        )

    @staticmethod
    def _next_action(tracker: DialogueStateTracker) -> str | None:
        turns = session_turns(tracker)
        if not turns:
            return None
        *history, current = turns
        done = current.actions
        # The plan is decided as things stood when the message came in.
        form_active = bool(tracker.active_loop_name) or "action_deactivate_loop" in done
        arrived = Turn(current.risk, current.intent, (), current.text, current.confidence)
        plan = plan_reply(history, arrived, form_active)
        if plan is None or tuple(done[: len(plan.actions)]) != plan.actions[: len(done)]:
            return None  # nothing to add, or the ordinary dialogue has already answered
        if len(done) < len(plan.actions):
            return plan.actions[len(done)]
        return ACTION_LISTEN_NAME if plan.listen_after and len(done) == len(plan.actions) else None
