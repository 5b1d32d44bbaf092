"""Code shared by the Rasa server, the action server and the web app."""
