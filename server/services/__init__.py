"""The rules applied to the day's file: every write and every read of the server.

Writes go through one unit of work (SQLite transaction plus the day's state
in memory); reads take their own consistent snapshot. No Flask here: the
HTTP layer and the command line call the same services.
"""
