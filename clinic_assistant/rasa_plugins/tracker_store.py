"""The tracker store that endpoints.yml (and cluster/endpoints.yml) name:

    tracker_store:
      type: clinic_assistant.rasa_plugins.tracker_store.CachingSQLTrackerStore

Rasa's SQLTrackerStore reading only the rows added since it last read a conversation, and riding
out a database restart. It overrides private parts of Rasa's store, so its code lives behind the
fence, in internals/tracker_store.py; this module keeps the name the configuration uses.
"""
from clinic_assistant.rasa_plugins.internals.tracker_store import (
    CachingSQLTrackerStore,
    ReconnectingSQLTrackerStore,
)

__all__ = ["CachingSQLTrackerStore", "ReconnectingSQLTrackerStore"]
