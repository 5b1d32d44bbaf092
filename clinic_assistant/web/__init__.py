"""The web app: the clinic's demo page with the chat widget, and the staff console."""
