"""Helpers shared by several test modules (no tests here): `console` runs the staff console against
a throwaway app database, `tracker_store` holds Rasa's events table filled by the tests."""
