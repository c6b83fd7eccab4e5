"""The queue rules in pure Python: no Flask, no Qt, no HTTP."""
