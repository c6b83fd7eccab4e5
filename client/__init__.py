"""The client layer shared by the kiosk, the operator console and the board.

HTTP client, event-stream reader with resume, models built from the API's
JSON, translations and the Qt worker/bridge. None of it knows which app it
serves.
"""
