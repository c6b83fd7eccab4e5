"""The client layer shared by the kiosk, the operator console and the board.

HTTP client, event-stream reader with resume, models built from the API's
JSON and the Qt worker/bridge (the texts are in common.i18n). None of it
knows which app it serves.
"""
