"""The code that relies on Rasa's private names, fenced off from the rest.

Every private name comes from `compat.py`, which lists them all; the modules beside it use them:
`trackers.py` (a tracker that keeps its applied events and policy states between calls),
`tracker_store.py` (the SQL tracker store that reads only new rows) and `policies.py` (Rasa's
policies given only their window of recent states).
"""
