"""The Panel app: the state a session edits, the views that show it, and the server."""
