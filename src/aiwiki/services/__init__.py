"""The use cases shared by the web app and the CLI; nothing here knows about HTTP."""
