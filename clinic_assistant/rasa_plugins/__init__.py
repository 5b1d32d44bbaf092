"""Extensions loaded inside the Rasa server process (NLG, NLU components, channels)."""
