"""The staff console: a server-rendered Flask blueprint under /staff, and what it needs.

- `blueprint.register(app, rasa_client=...)`: called by the app factory (clinic_assistant/web/app.py);
  builds the `staff` blueprint, its log-in guard and error pages, and adds the routes of each view
  module explicitly.
- `views/`: the pages by feature: `login` (log-in, log-out), `queue` (the handoff queue),
  `conversations` (transcript, take over / reply / hand back / resolve), `bookings`, `records`
  (transcript search, audit log). Templates are in `templates/staff/`; the CSS and JavaScript in
  clinic_assistant/web/static/staff/ (served at /static/staff/).
- `auth`: sessions and CSRF; `request_helpers`: what every view reads from the app and request.
- `handoff_service`: take over, reply, hand back, resolve; each returns a `HandoffOutcome` and is
  audited, whatever the outcome.
- `rasa_client`: the Rasa server's HTTP API (pause, resume, staff messages).
- `transcripts`: conversations as the console shows them, read from Rasa's tracker store
  (queries in clinic_assistant/db/rasa_events.py).
"""
