"""The client layer shared by the kiosk, the operator console and the board.

Without Qt (the server and scripts may import these): ``http`` (the API
client and its typed errors), ``events`` (the event-stream reader with
resume), ``models`` (the texts are in common.i18n).

With Qt, for the apps only: ``qt_bridge`` (work off the GUI thread, events as
signals), ``live`` (an app's copy of the server's state: snapshot, events,
stale polling), ``retrying`` (a write resent with the same idempotency key
until answered), ``timers`` and ``widgets`` (the common touch style, the PIN
pad). None of it knows which app it serves.
"""
