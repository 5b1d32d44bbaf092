"""One sentence embedding per message, shared by the components that read meaning.

The FAQ gate and the risk detector both need the message's MiniLM embedding; the first to ask
computes it (bounded in cost, `MiniLM.encode_message`) and keeps it on the message for the other.
It is not an output property, so it is never stored with the event or sent to a client.
"""
from __future__ import annotations

import numpy as np
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_assistant.rasa_plugins.minilm import shared_model

EMBEDDING = "clinic_sentence_embedding"


def message_embedding(message: Message) -> np.ndarray:
    embedding = message.get(EMBEDDING)
    if embedding is None:
        embedding = shared_model().encode_message(message.get(TEXT) or "")
        message.set(EMBEDDING, embedding)
    return embedding
