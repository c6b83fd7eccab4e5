"""Decoding a request body into its Struct, with a readable message on refusal.

msgspec checks every type and limit declared in the contract in one pass
over the bytes. Its messages name types and JSON paths ("Expected `int`,
got `str` - at `$.queue_ids[0]`"); a person at a kiosk or a desk, and an
integrator reading a log, get "queue_ids[0] must be an integer" instead. The
message is built from the same declarations that refused the value.
"""

import re

import msgspec
import msgspec.inspect as mi

from .fields import NOT_BLANK

_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_TYPE_WORDS = {
    mi.IntType: "an integer", mi.StrType: "a string", mi.BoolType: "true or false",
    mi.FloatType: "a number", mi.ListType: "a list", mi.StructType: "a JSON object",
    mi.DictType: "a JSON object", mi.NoneType: "null",
}


class InvalidBody(ValueError):
    """The body does not match its declared shape; ``message`` says how."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decode(raw: bytes, shape: type, what: str = "request body"):
    """``raw`` JSON as ``shape`` (a Struct); :class:`InvalidBody` if it is not one."""
    try:
        return msgspec.json.decode(raw, type=shape)
    except msgspec.ValidationError as error:
        if "got `float`" in str(error):
            return _with_whole_numbers(raw, shape, what)
        raise InvalidBody(readable(str(error), shape, what)) from None
    except msgspec.DecodeError:
        raise InvalidBody(f"the {what} is not valid JSON") from None


def _with_whole_numbers(raw: bytes, shape: type, what: str):
    """JSON (and JSON Schema) count 735.0 as the integer 735: decode it as one.

    Only on this refusal's path; a fraction is still refused, as a string is."""
    try:
        return msgspec.convert(_whole(msgspec.json.decode(raw)), shape)
    except msgspec.ValidationError as error:
        raise InvalidBody(readable(str(error), shape, what)) from None


def _whole(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    return value


def readable(message: str, shape: type, what: str = "request body") -> str:
    """msgspec's validation message about ``shape`` in the words of the API."""
    match = _AT.match(message)
    problem, path = match["what"], match["path"] or ""
    field = path_name(path) or what
    info = type_at(shape, path)
    if problem.startswith("Object contains unknown field"):
        return "unknown field(s): " + _quoted(problem)
    if problem.startswith("Object missing required field"):
        return f"{path_name(path + '.' + _quoted(problem))} is required"
    extra = (info.extra or {}) if isinstance(info, mi.Metadata) else {}
    base = info.type if isinstance(info, mi.Metadata) else info
    if problem.startswith("Expected `") and ", got `" in problem:
        return f"{field} must be {_describe(base)}"
    if problem.startswith("Invalid enum value") or problem.startswith("Invalid value"):
        return f"{field} must be {_describe(base)}"
    if "matching regex" in problem:
        if getattr(base, "pattern", None) == NOT_BLANK:
            return f"{field} must not be empty"
        return f"{field} {extra.get('invalid', 'is not in the expected form')}"
    if " of length >= " in problem:
        return f"{field} must not be empty"
    if " of length <= " in problem:
        limit = problem.rsplit("<= ", 1)[1]
        if extra.get("too_long"):
            return extra["too_long"]
        unit = "characters" if "`str`" in problem else "items"
        return f"{field} is longer than {limit} {unit}"
    if problem.startswith("Expected `int`") or problem == "Number out of range":
        return f"{field} is out of range"
    return f"{field}: {problem[0].lower()}{problem[1:]}"


def _quoted(problem: str) -> str:
    """The name between the first and the last backtick (a name may hold one too)."""
    return problem[problem.index("`") + 1:problem.rindex("`")]


def path_name(path: str) -> str:
    """``.queue_ids[0]`` → ``queue_ids[0]``."""
    return path.lstrip(".")


def type_at(shape: type, path: str):
    """The declared type (msgspec.inspect) at a JSON path inside ``shape``."""
    info = mi.type_info(shape)
    for name, index in _STEP.findall(path):
        info = _unwrap(info)
        if name and isinstance(info, mi.StructType):
            info = next((f.type for f in info.fields if f.encode_name == name), info)
        elif index and isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType)):
            info = info.item_type
    return _without_null(info)


def _unwrap(info):
    info = _without_null(info)
    return info.type if isinstance(info, mi.Metadata) else info


def _without_null(info):
    if isinstance(info, mi.UnionType):
        kinds = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if len(kinds) == 1:
            return kinds[0]
    return info


def _describe(info) -> str:
    if isinstance(info, mi.EnumType):
        return "one of " + ", ".join(str(member.value) for member in info.cls)
    if isinstance(info, mi.LiteralType):
        return "one of " + ", ".join(str(value) for value in info.values)
    if isinstance(info, mi.UnionType):
        return " or ".join(_describe(t) for t in info.types)
    if isinstance(info, mi.Metadata):
        return _describe(info.type)
    return _TYPE_WORDS.get(type(info), "a value of another type")

