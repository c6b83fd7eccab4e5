"""Typed printer faults.

Each error carries a stable ``code`` so the kiosk can pick a message in the
visitor's language without parsing English text, and ``printed``: how many
slips of the batch were fully sent before the fault, so the kiosk can apply
the "no ghost numbers" rule to exactly the tickets that did not come out.
"""


class PrinterError(Exception):
    code = "printer_error"

    def __init__(self, message: str, *, printed: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.printed = printed


class PrinterOffline(PrinterError):
    code = "offline"


class OutOfPaper(PrinterError):
    code = "out_of_paper"


class CoverOpen(PrinterError):
    code = "cover_open"


class PrinterTimeout(PrinterError):
    code = "timeout"


class PrinterNotConfigured(PrinterError):
    code = "not_configured"


ERROR_CODES = {
    cls.code: cls
    for cls in (PrinterOffline, OutOfPaper, CoverOpen, PrinterTimeout, PrinterNotConfigured)
}
