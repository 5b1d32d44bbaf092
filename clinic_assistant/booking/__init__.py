"""Plain-Python helpers for the consultation-booking form (no Rasa import)."""
