"""Flask's JSON through msgspec, the same encoder as every answer and event."""

import msgspec
from flask.json.provider import DefaultJSONProvider


class FastJSONProvider(DefaultJSONProvider):
    """UTF-8 JSON (Kazakh and Russian as letters, not \\u escapes), keys in the
    order they were built; contract Structs and plain values alike."""

    def dumps(self, obj, **kwargs) -> str:
        return msgspec.json.encode(obj).decode()

    def loads(self, s, **kwargs):
        return msgspec.json.decode(s)
