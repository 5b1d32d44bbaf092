"""Extensions loaded inside the Rasa server process (NLG, NLU components, policies, channels,
tracker store).

Rasa imports each of them by its module path, so this runs before any of them: on a Rasa version
whose internals the plug-ins were not checked against it stops the server with a clear message
(internals/compat.py) instead of letting it predict wrongly.
"""
from clinic_assistant.rasa_plugins.internals.rasa_version import require_supported_rasa

require_supported_rasa()
