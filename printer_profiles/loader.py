"""Printer profiles: one TOML file per printer model, read on demand.

A profile says how wide the paper is in dots, which ESC/POS code pages the
printer really has (and the ``ESC t n`` number of each), whether Kazakh may
go out as text, whether there is a cutter, and how to reach the printer.
Every invalid value raises ``ProfileError`` naming the file and the field,
because the person fixing it is an organiser with a text editor.
"""

from __future__ import annotations

import codecs
import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from printer_profiles.codepages import KAZAKH_LETTERS, encodes

PROFILE_SUFFIX = ".toml"
CUTTERS = ("full", "partial", "none")
# Connections that have a back channel python-escpos can read status bytes from.
STATUS_CAPABLE_KINDS = ("usb", "network", "serial")


class ProfileError(ValueError):
    """A profile file is missing, unreadable or has an invalid value."""

    def __init__(self, source: Path | str, field_name: str | None, problem: str) -> None:
        where = f"{source}" if field_name is None else f"{source}: field '{field_name}'"
        super().__init__(f"{where}: {problem}")
        self.source = str(source)
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class ConnectionSettings:
    """How to reach the printer; only the fields of ``kind`` are meaningful."""

    kind: str
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    device: str = ""
    baudrate: int = 9600
    printer_name: str = ""
    folder: str = "printed"

    def describe(self) -> str:
        match self.kind:
            case "usb":
                return f"usb {self.vendor_id:04x}:{self.product_id:04x}"
            case "network":
                return f"network {self.host}:{self.port}"
            case "serial":
                return f"serial {self.device} {self.baudrate} baud"
            case "windows":
                return f"windows printer '{self.printer_name}'"
            case "cups":
                return f"cups printer '{self.printer_name}' (lp -o raw)"
            case "file":
                return f"file {self.device}"
            case _:
                return f"virtual folder {self.folder}"


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    description: str
    source: str
    escpos_profile: str
    paper_width_mm: int
    paper_dots: int
    cutter: str
    kazakh_text: bool
    # (python codec name, ESC t page number), in order of preference
    code_pages: tuple[tuple[str, int], ...]
    qr_module_dots: int
    connection: ConnectionSettings
    status_query: bool = field(default=True)

    @property
    def raster_only(self) -> bool:
        return not self.code_pages

    def status_check_description(self) -> str:
        if self.connection.kind == "virtual":
            return "always ready (virtual)"
        return "DLE EOT before each job" if self.status_query else "not available on this connection"

    def describe(self) -> list[str]:
        """Human-readable settings, printed on the test slip."""
        pages = ", ".join(f"{codec}=ESC t {n}" for codec, n in self.code_pages) or "none (all raster)"
        kazakh = "text" if self.kazakh_text else "raster image"
        return [
            f"Profile: {self.name}",
            self.description,
            f"Paper: {self.paper_width_mm} mm, {self.paper_dots} dots",
            f"Code pages: {pages}",
            f"Kazakh: {kazakh}",
            f"Cutter: {self.cutter}",
            f"Connection: {self.connection.describe()}",
            f"Status check: {self.status_check_description()}",
        ]


def _builtin_dir():
    return resources.files("printer_profiles") / "profiles"


def list_profiles() -> list[str]:
    """Names of the profiles shipped with Kezek."""
    return sorted(
        entry.name[: -len(PROFILE_SUFFIX)]
        for entry in _builtin_dir().iterdir()
        if entry.name.endswith(PROFILE_SUFFIX)
    )


def load_profile(name_or_path: str | Path) -> PrinterProfile:
    """Load a shipped profile by name, or any profile file by path."""
    text_name = str(name_or_path)
    if isinstance(name_or_path, Path) or text_name.endswith(PROFILE_SUFFIX) or "/" in text_name or "\\" in text_name:
        path = Path(name_or_path)
        if not path.is_file():
            raise ProfileError(path, None, "no such profile file")
        return _load_file(str(path), path.read_bytes())
    entry = _builtin_dir() / f"{text_name}{PROFILE_SUFFIX}"
    if not entry.is_file():
        known = ", ".join(list_profiles())
        raise ProfileError(f"{text_name}{PROFILE_SUFFIX}", None, f"unknown printer profile '{text_name}' (known: {known})")
    return _load_file(str(entry), entry.read_bytes())


@functools.lru_cache(maxsize=64)
def _load_file(source: str, content: bytes) -> PrinterProfile:
    # Cached on the file content, so an edited file is read afresh.
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(source, None, f"not valid TOML: {exc}") from None
    return _Parser(source, data).profile()


class _Parser:
    TOP_FIELDS = {
        "name", "description", "escpos_profile", "paper_width_mm", "paper_dots", "cutter",
        "kazakh_text", "code_pages", "qr_module_dots", "connection", "status_query",
    }
    # kind -> {field: (type, required)}
    CONNECTION_FIELDS: dict[str, dict[str, tuple[type, bool]]] = {
        "usb": {"vendor_id": (int, True), "product_id": (int, True), "in_ep": (int, False), "out_ep": (int, False)},
        "network": {"host": (str, True), "port": (int, False)},
        "serial": {"device": (str, True), "baudrate": (int, False)},
        "windows": {"printer_name": (str, True)},
        "cups": {"printer_name": (str, True)},
        "file": {"device": (str, True)},
        "virtual": {"folder": (str, False)},
    }

    def __init__(self, source: str, data: dict[str, Any]) -> None:
        self.source = source
        self.data = data

    def fail(self, field_name: str | None, problem: str) -> ProfileError:
        return ProfileError(self.source, field_name, problem)

    def get(self, table: dict, key: str, kind: type, prefix: str = "", required: bool = True, default: Any = None):
        label = f"{prefix}{key}"
        if key not in table:
            if required:
                raise self.fail(label, "is missing")
            return default
        value = table[key]
        # bool is a subclass of int in Python; TOML keeps them apart, so do we.
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(label, f"must be an integer, got {value!r}")
        if kind is not int and not isinstance(value, kind):
            raise self.fail(label, f"must be {kind.__name__}, got {value!r}")
        return value

    def in_range(self, label: str, value: int, low: int, high: int) -> int:
        if not low <= value <= high:
            raise self.fail(label, f"must be between {low} and {high}, got {value}")
        return value

    def profile(self) -> PrinterProfile:
        data = self.data
        unknown = sorted(set(data) - self.TOP_FIELDS)
        if unknown:
            raise self.fail(unknown[0], "is not a known profile field")
        stem = Path(self.source).name.removesuffix(PROFILE_SUFFIX)
        name = self.get(data, "name", str, required=False, default=stem)
        if not name.strip():
            raise self.fail("name", "must not be empty")
        escpos_profile = self.get(data, "escpos_profile", str)
        self.check_escpos_profile(escpos_profile)
        paper_width_mm = self.in_range("paper_width_mm", self.get(data, "paper_width_mm", int), 40, 120)
        paper_dots = self.in_range("paper_dots", self.get(data, "paper_dots", int), 128, 1024)
        if paper_dots % 8:
            raise self.fail("paper_dots", f"must be a multiple of 8 (one raster byte), got {paper_dots}")
        cutter = self.get(data, "cutter", str)
        if cutter not in CUTTERS:
            raise self.fail("cutter", f"must be one of {', '.join(CUTTERS)}, got {cutter!r}")
        code_pages = self.code_pages(self.get(data, "code_pages", dict, required=False, default={}))
        kazakh_text = self.get(data, "kazakh_text", bool)
        if kazakh_text and not any(encodes(codec, KAZAKH_LETTERS) for codec, _ in code_pages):
            raise self.fail("kazakh_text", "is true but no code page in 'code_pages' can encode the Kazakh letters (add kz1048)")
        qr_module_dots = self.in_range("qr_module_dots", self.get(data, "qr_module_dots", int), 2, 16)
        connection = self.connection(self.get(data, "connection", dict))
        default_status = connection.kind in STATUS_CAPABLE_KINDS
        status_query = self.get(data, "status_query", bool, required=False, default=default_status)
        if status_query and connection.kind not in STATUS_CAPABLE_KINDS and connection.kind != "virtual":
            raise self.fail("status_query", f"cannot be true for a '{connection.kind}' connection: it has no way to read the printer's status")
        return PrinterProfile(
            name=name,
            description=self.get(data, "description", str, required=False, default=""),
            source=self.source,
            escpos_profile=escpos_profile,
            paper_width_mm=paper_width_mm,
            paper_dots=paper_dots,
            cutter=cutter,
            kazakh_text=kazakh_text,
            code_pages=code_pages,
            qr_module_dots=qr_module_dots,
            connection=connection,
            status_query=status_query,
        )

    def check_escpos_profile(self, escpos_profile: str) -> None:
        from escpos.capabilities import CAPABILITIES

        if escpos_profile not in CAPABILITIES["profiles"]:
            raise self.fail("escpos_profile", f"python-escpos has no printer profile {escpos_profile!r}")

    def code_pages(self, table: dict) -> tuple[tuple[str, int], ...]:
        pages = []
        for codec_name, number in table.items():
            label = f"code_pages.{codec_name}"
            if isinstance(number, bool) or not isinstance(number, int):
                raise self.fail(label, f"must be the ESC t page number (integer), got {number!r}")
            self.in_range(label, number, 0, 255)
            try:
                canonical = codecs.lookup(codec_name).name
            except LookupError:
                raise self.fail(label, f"{codec_name!r} is not a Python codec name") from None
            if not _is_single_byte(canonical):
                raise self.fail(label, f"{codec_name!r} is not a single-byte code page")
            pages.append((canonical, number))
        return tuple(pages)

    def connection(self, table: dict) -> ConnectionSettings:
        kind = self.get(table, "kind", str, prefix="connection.")
        if kind not in self.CONNECTION_FIELDS:
            raise self.fail("connection.kind", f"must be one of {', '.join(self.CONNECTION_FIELDS)}, got {kind!r}")
        spec = self.CONNECTION_FIELDS[kind]
        unknown = sorted(set(table) - set(spec) - {"kind"})
        if unknown:
            raise self.fail(f"connection.{unknown[0]}", f"is not a field of a '{kind}' connection")
        values: dict[str, Any] = {}
        for key, (kind_type, required) in spec.items():
            value = self.get(table, key, kind_type, prefix="connection.", required=required)
            if value is None:
                continue
            if kind_type is str and required and not value.strip():
                raise self.fail(f"connection.{key}", "must not be empty")
            values[key] = value
        for key in ("vendor_id", "product_id"):
            if key in values:
                self.in_range(f"connection.{key}", values[key], 1, 0xFFFF)
        for key in ("in_ep", "out_ep"):
            if key in values:
                self.in_range(f"connection.{key}", values[key], 0x01, 0xFF)
        if "port" in values:
            self.in_range("connection.port", values["port"], 1, 65535)
        if "baudrate" in values:
            self.in_range("connection.baudrate", values["baudrate"], 300, 921600)
        return ConnectionSettings(kind=kind, **values)


def _is_single_byte(codec_name: str) -> bool:
    """True for 8-bit code pages: most high bytes decode to one character and back."""
    round_trips = 0
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codec_name)
            round_trips += len(char) == 1 and char.encode(codec_name) == bytes([byte])
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
    return round_trips >= 64
