"""Printer profiles and ticket printing for Kezek kiosks.

Importing this package is cheap on purpose: python-escpos loads its
capabilities database (and writes a pickle to a temp dir) when imported, and
profiles are read from disk only when asked for. The public names below are
resolved on first use.
"""

from importlib import import_module

_PUBLIC = {
    "PrinterProfile": "printer_profiles.loader",
    "ConnectionSettings": "printer_profiles.loader",
    "ProfileError": "printer_profiles.loader",
    "load_profile": "printer_profiles.loader",
    "list_profiles": "printer_profiles.loader",
    "TicketSlip": "printer_profiles.slip",
    "RenderedSlip": "printer_profiles.render",
    "render_slips": "printer_profiles.render",
    "render_preview": "printer_profiles.render",
    "PrinterError": "printer_profiles.errors",
    "PrinterOffline": "printer_profiles.errors",
    "OutOfPaper": "printer_profiles.errors",
    "CoverOpen": "printer_profiles.errors",
    "PrinterTimeout": "printer_profiles.errors",
    "PrinterNotConfigured": "printer_profiles.errors",
    "open_printer": "printer_profiles.connections",
    "print_slips": "printer_profiles.printing",
    "print_rendered": "printer_profiles.printing",
    "check_printer": "printer_profiles.printing",
    "PrintReport": "printer_profiles.printing",
    "print_test": "printer_profiles.testslip",
    "measure_render_ms": "printer_profiles.bench",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'printer_profiles' has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name]), name)
