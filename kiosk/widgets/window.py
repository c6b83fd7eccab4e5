"""The kiosk window: one screen per flow state, an organiser banner, no way out.

Visitors cannot close it (no chrome, close requests are refused); the
organiser leaves through the secret corner and the PIN.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from client.widgets.style import label
from kiosk.flow import KioskFlow, Screen
from kiosk.printer import PRINTER_PROBLEMS
from kiosk.widgets.choice import ConfirmScreen, IssuingScreen, PrivilegedScreen
from kiosk.widgets.done import DoneScreen
from kiosk.widgets.officials import OfficialsScreen
from kiosk.widgets.organiser import PinDialog, SecretCorner
from kiosk.widgets.start import MessageScreen, StartScreen
from kiosk.widgets.style import STYLE_SHEET

log = logging.getLogger(__name__)

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)

_TOUCH_EVENTS = {QEvent.MouseButtonPress, QEvent.TouchBegin, QEvent.KeyPress}


class KioskWindow(QWidget):
    exit_requested = Signal()

    def __init__(self, flow: KioskFlow, orientation: str = "landscape", organiser_pin: str = ""):
        super().__init__()
        self.flow = flow
        self.orientation = orientation
        self.organiser_pin = organiser_pin
        self._may_close = False
        self.setObjectName("kiosk")
        self.setWindowTitle("Kezek")
        self.setStyleSheet(STYLE_SHEET)
        self.resize(*(PORTRAIT if orientation == "portrait" else LANDSCAPE))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = label(role="banner", align=Qt.AlignCenter)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        portrait = orientation == "portrait"
        message = MessageScreen(flow)
        self.screens = {
            Screen.LOADING: message,
            Screen.OFFLINE: message,
            Screen.NOT_OPEN: message,
            Screen.CLOSED: message,
            Screen.ERROR: message,
            Screen.START: StartScreen(flow),
            Screen.OFFICIALS: OfficialsScreen(flow, columns=2 if portrait else 3, portrait=portrait),
            Screen.PRIVILEGED: PrivilegedScreen(flow),
            Screen.CONFIRM: ConfirmScreen(flow),
            Screen.ISSUING: IssuingScreen(flow),
            Screen.DONE: DoneScreen(flow, portrait=portrait),
        }
        for screen in dict.fromkeys(self.screens.values()):
            # The screen is as big as the screen: a page's minimum size (worst
            # case of word-wrapped text at a narrow width) must not grow the window.
            screen.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
            self.stack.addWidget(screen)

        self.corner = SecretCorner(self)
        self.corner.unlocked.connect(self.ask_pin)
        self._touches = _TouchWatcher(flow, self)
        QApplication.instance().installEventFilter(self._touches)
        self._keys = _PhysicalKeyboard(flow, self)
        QApplication.instance().installEventFilter(self._keys)

        flow.changed.connect(self.render)
        flow.organiser_alert_changed.connect(self.render_banner)
        self.render()

    @property
    def current(self) -> QWidget:
        return self.screens[self.flow.screen]

    def render(self) -> None:
        screen = self.current
        screen.render()
        self.stack.setCurrentWidget(screen)
        self.render_banner()

    def render_banner(self) -> None:
        problem = self.flow.organiser_alert
        if problem is None:
            self.banner.hide()
            return
        # For the organiser, not the visitor: in Kazakh and Russian, always.
        texts = []
        for language in ("kk", "ru"):
            tr = self.flow.catalogue.translator(language)
            texts.append(tr("kiosk.organiser.banner", problem=tr(PRINTER_PROBLEMS[problem])))
        self.banner.setText("\n".join(texts))
        self.banner.show()

    def ask_pin(self) -> bool:
        dialog = PinDialog(self.organiser_pin, self.flow.tr, self)
        if dialog.exec() == PinDialog.Accepted:
            log.info("organiser unlocked the kiosk; exiting")
            self.allow_close()
            self.exit_requested.emit()
            return True
        return False

    def allow_close(self) -> None:
        self._may_close = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.corner.place()

    def closeEvent(self, event) -> None:
        if not self._may_close:
            event.ignore()  # Alt+F4 and friends: visitors do not close the kiosk
            return
        QApplication.instance().removeEventFilter(self._touches)
        QApplication.instance().removeEventFilter(self._keys)
        super().closeEvent(event)


class _TouchWatcher(QObject):
    """Any touch anywhere tells the flow the visitor is still there."""

    def __init__(self, flow: KioskFlow, window: QWidget):
        # Owned by the window, so Qt destroys it on the GUI thread; a Python
        # garbage collection on a worker thread must never destroy an
        # application event filter.
        super().__init__(window)
        self._flow = flow

    def eventFilter(self, watched, event) -> bool:
        if event.type() in _TOUCH_EVENTS:
            self._flow.touch()
        return False


class _PhysicalKeyboard(QObject):
    """A physical keyboard, where a kiosk has one, searches like the on-screen keys.

    Letters and space type into the search (opening the on-screen keyboard,
    so the screen shows the search as it does for a tap), Backspace erases
    and Escape closes. Other keys go where they would anyway, and nothing is
    taken while the organiser's PIN dialog is open.
    """

    def __init__(self, flow: KioskFlow, window: QWidget):
        super().__init__(window)  # destroyed on the GUI thread, as _TouchWatcher
        self._flow = flow

    def eventFilter(self, watched, event) -> bool:
        flow = self._flow
        if (event.type() != QEvent.KeyPress or flow.screen is not Screen.OFFICIALS
                or QApplication.activeModalWidget() is not None):
            return False
        if event.key() == Qt.Key_Backspace:
            flow.erase_search()
            return True
        if event.key() == Qt.Key_Escape:
            flow.close_keyboard()
            return True
        text = event.text()
        if len(text) == 1 and (text.isalpha() or text == " "):
            flow.open_keyboard()
            flow.type_search(text)
            return True
        return False
