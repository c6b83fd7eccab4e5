"""Reaching the printer: one small class per connection kind.

Each wraps the python-escpos printer class for its kind where one fits and
translates that library's mix of exceptions into our typed errors. Status
reads get an explicit short timeout (python-escpos's network default is
60 s and its USB read uses pyusb's default), because a kiosk must tell the
visitor within seconds that the printer is not answering.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from abc import ABC, abstractmethod
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from printer_profiles.errors import PrinterNotConfigured, PrinterOffline, PrinterTimeout
from printer_profiles.loader import PrinterProfile

if TYPE_CHECKING:
    from printer_profiles.render import RenderedSlip

# Sending a whole raster ticket to a slow 58 mm printer can take several
# seconds while its small buffer drains; status replies must not.
WRITE_TIMEOUT_FLOOR = 10.0


class PrinterConnection(ABC):
    kind = "abstract"
    can_read_status = False

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send bytes to the printer."""

    def read(self, timeout: float) -> bytes:
        """Bytes the printer sent back within ``timeout`` seconds, b"" if none."""
        raise PrinterNotConfigured(f"a '{self.kind}' connection cannot read the printer's status")

    def discard_input(self) -> None:
        """Drop stale bytes so the next read is the answer to the next query."""

    def send_slip(self, rendered: RenderedSlip) -> list[Path]:
        self.write(rendered.escpos)
        return []

    def close(self) -> None:
        pass

    def __enter__(self) -> PrinterConnection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class NetworkConnection(PrinterConnection):
    """A raw TCP socket to port 9100.

    We do not use python-escpos's Network here: when connect() fails it
    drops the socket without closing it (a ResourceWarning, an error under
    our test settings), and the one timeout it takes governs connect, send
    and status reads alike.
    """

    kind = "network"
    can_read_status = True

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.where = f"{host}:{port}"
        self.write_timeout = max(timeout, WRITE_TIMEOUT_FLOOR)
        try:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        except TimeoutError:
            raise PrinterOffline(f"the printer at {self.where} does not answer (connection timed out)") from None
        except OSError as exc:
            raise PrinterOffline(f"cannot connect to the printer at {self.where}: {exc.strerror or exc}") from None

    def write(self, data: bytes) -> None:
        try:
            self.sock.settimeout(self.write_timeout)
            self.sock.sendall(data)
        except TimeoutError:
            raise PrinterTimeout(f"the printer at {self.where} stopped taking data") from None
        except OSError as exc:
            raise PrinterOffline(f"lost the connection to the printer at {self.where}: {exc}") from None

    def read(self, timeout: float) -> bytes:
        try:
            self.sock.settimeout(max(timeout, 0.001))
            reply = self.sock.recv(16)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterOffline(f"lost the connection to the printer at {self.where}: {exc}") from None
        if not reply:
            raise PrinterOffline(f"the printer at {self.where} closed the connection")
        return reply

    def discard_input(self) -> None:
        self.sock.setblocking(False)
        try:
            while self.sock.recv(64):
                pass
        except OSError:
            pass  # nothing waiting (BlockingIOError) or the peer is gone; reads will tell
        finally:
            self.sock.setblocking(True)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the printer
        self.sock.close()


class UsbConnection(PrinterConnection):
    kind = "usb"
    can_read_status = True

    def __init__(self, vendor_id: int, product_id: int, in_ep: int, out_ep: int, timeout: float) -> None:
        from escpos.printer import usb as escpos_usb

        if not escpos_usb.is_usable():
            raise PrinterNotConfigured("USB printing needs the Python package pyusb (pip install pyusb) and the libusb library")
        import usb.core
        from escpos.exceptions import DeviceNotFoundError

        self.usb_core = usb.core
        self.where = f"USB {vendor_id:04x}:{product_id:04x}"
        self.printer = escpos_usb.Usb(
            vendor_id, product_id, timeout=int(max(timeout, WRITE_TIMEOUT_FLOOR) * 1000), in_ep=in_ep, out_ep=out_ep
        )
        try:
            self.printer.open()
        except usb.core.NoBackendError:
            raise PrinterNotConfigured("pyusb found no libusb backend: install libusb-1.0 (Debian: libusb-1.0-0)") from None
        except DeviceNotFoundError:
            raise PrinterOffline(f"no printer found at {self.where}: is it switched on and plugged in?") from None

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except self.usb_core.USBTimeoutError:
            raise PrinterTimeout(f"the printer at {self.where} stopped taking data") from None
        except self.usb_core.USBError as exc:
            raise PrinterOffline(f"USB error talking to the printer at {self.where}: {exc}") from None

    def read(self, timeout: float) -> bytes:
        try:
            return bytes(self.printer.device.read(self.printer.in_ep, 16, max(1, int(timeout * 1000))))
        except self.usb_core.USBTimeoutError:
            return b""
        except self.usb_core.USBError as exc:
            raise PrinterOffline(f"USB error talking to the printer at {self.where}: {exc}") from None

    def close(self) -> None:
        self.printer.close()


class SerialConnection(PrinterConnection):
    kind = "serial"
    can_read_status = True

    def __init__(self, device: str, baudrate: int, timeout: float) -> None:
        from escpos.printer import serial as escpos_serial

        if not escpos_serial.is_usable():
            raise PrinterNotConfigured("serial printing needs the Python package pyserial (pip install pyserial)")
        from escpos.exceptions import DeviceNotFoundError

        self.where = device
        self.printer = escpos_serial.Serial(device, baudrate=baudrate, timeout=timeout)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterOffline(f"cannot open the serial printer {device}: {_last_line(exc)}") from None
        self.port = self.printer.device
        self.port.write_timeout = max(timeout, WRITE_TIMEOUT_FLOOR)

    def write(self, data: bytes) -> None:
        import serial

        try:
            self.port.write(data)
        except serial.SerialTimeoutException:
            raise PrinterTimeout(f"the serial printer {self.where} stopped taking data") from None
        except serial.SerialException as exc:
            raise PrinterOffline(f"serial error on {self.where}: {exc}") from None

    def read(self, timeout: float) -> bytes:
        import serial

        try:
            self.port.timeout = timeout
            return self.port.read(1)
        except serial.SerialException as exc:
            raise PrinterOffline(f"serial error on {self.where}: {exc}") from None

    def discard_input(self) -> None:
        self.port.reset_input_buffer()

    def close(self) -> None:
        self.printer.close()


class FileConnection(PrinterConnection):
    """A device node such as /dev/usb/lp0; write-only, so no status."""

    kind = "file"

    def __init__(self, device: str) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import File

        self.where = device
        self.printer = File(device)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterOffline(f"cannot open the printer device {device}: {_last_line(exc)}") from None

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except OSError as exc:
            raise PrinterOffline(f"cannot write to the printer device {self.where}: {exc}") from None

    def close(self) -> None:
        self.printer.close()


class WindowsConnection(PrinterConnection):
    """A printer installed in Windows, fed RAW through the spooler (Win32Raw)."""

    kind = "windows"

    def __init__(self, printer_name: str) -> None:
        if not sys.platform.startswith("win"):
            raise PrinterNotConfigured(f"the 'windows' connection (printer '{printer_name}') works only on Windows; use usb, network, serial, cups or file here")
        from escpos.printer import win32raw

        if not win32raw.is_usable():
            raise PrinterNotConfigured("printing to a Windows printer needs the Python package pywin32 (pip install pywin32)")
        from escpos.exceptions import DeviceNotFoundError

        self.printer = win32raw.Win32Raw(printer_name)
        try:
            self.printer.open(job_name="Kezek ticket")
        except DeviceNotFoundError as exc:
            raise PrinterOffline(f"Windows printer '{printer_name}' is not available: {_last_line(exc)}") from None

    def write(self, data: bytes) -> None:
        try:
            self.printer._raw(data)
        except Exception as exc:  # pywintypes.error has no importable base off Windows
            raise PrinterOffline(f"the Windows spooler refused the job: {exc}") from None

    def close(self) -> None:
        self.printer.close()


class LpConnection(PrinterConnection):
    """CUPS without pycups: each slip is one ``lp -d NAME -o raw`` job."""

    kind = "cups"

    def __init__(self, printer_name: str, timeout: float) -> None:
        self.lp = shutil.which("lp")
        if self.lp is None:
            raise PrinterNotConfigured(f"the 'cups' connection (printer '{printer_name}') sends jobs with the 'lp' command, which is not installed (Debian: cups-client)")
        self.printer_name = printer_name
        self.timeout = max(timeout, WRITE_TIMEOUT_FLOOR)

    def write(self, data: bytes) -> None:
        try:
            result = subprocess.run(
                [self.lp, "-d", self.printer_name, "-o", "raw", "-t", "Kezek ticket"],
                input=data,
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PrinterTimeout(f"lp did not accept the job for '{self.printer_name}' in time") from None
        if result.returncode != 0:
            reason = _last_line(result.stderr.decode(errors="replace")) or f"exit code {result.returncode}"
            raise PrinterOffline(f"lp could not queue the job for '{self.printer_name}': {reason}")


class VirtualConnection(PrinterConnection):
    """Writes each slip as <time>-<number>.bin (ESC/POS) and .png (preview)."""

    kind = "virtual"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PrinterNotConfigured(f"the virtual printer cannot use the folder {self.folder}: {exc}") from None

    def write(self, data: bytes) -> None:
        self._write_file(self._stem("raw") + ".bin", data)

    def send_slip(self, rendered: RenderedSlip) -> list[Path]:
        stem = self._stem(rendered.number)
        bin_path = self._write_file(stem + ".bin", rendered.escpos)
        png_path = self.folder / (stem + ".png")
        try:
            rendered.preview.save(png_path)
        except OSError as exc:
            raise PrinterNotConfigured(f"the virtual printer cannot write {png_path}: {exc}") from None
        return [bin_path, png_path]

    def _stem(self, number: str) -> str:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
        return f"{datetime.now():%Y%m%d-%H%M%S-%f}-{safe}"

    def _write_file(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise PrinterNotConfigured(f"the virtual printer cannot write {path}: {exc}") from None
        return path


def open_printer(profile: PrinterProfile, timeout: float = 3.0) -> PrinterConnection:
    """Open the connection a profile describes (network connects within ``timeout``)."""
    c = profile.connection
    match c.kind:
        case "network":
            return NetworkConnection(c.host, c.port, timeout)
        case "usb":
            return UsbConnection(c.vendor_id, c.product_id, c.in_ep, c.out_ep, timeout)
        case "serial":
            return SerialConnection(c.device, c.baudrate, timeout)
        case "file":
            return FileConnection(c.device)
        case "windows":
            return WindowsConnection(c.printer_name)
        case "cups":
            return LpConnection(c.printer_name, timeout)
        case "virtual":
            return VirtualConnection(c.folder)
    raise PrinterNotConfigured(f"{profile.source}: unknown connection kind {c.kind!r}")


def _last_line(text: object) -> str:
    # python-escpos wraps the OS error as "Device not found (<msg>)": use <msg>.
    text = getattr(text, "msg", text)
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else ""
