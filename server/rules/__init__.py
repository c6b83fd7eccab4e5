"""The queue rules in pure Python: no storage, no Flask, no Qt.

Who is called next, how long a wait will be, how tickets are numbered, what
an appeal must hold, how an officials list is read, and the typed errors every
edge translates.
"""
