"""The board's window: the header, the "reconnecting" strip, the tiles beside the calls, the ticker.

Every size is a share of the window, so the same board holds from 1280×720
to 3840×2160; the texts inside each part are fitted to their boxes
(display_board.widgets.paint). The window draws the flow's view; the only
things it times itself are the flashing, the clock's minute and the ticker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from client.timers import repeating
from display_board.flow import BoardFlow
from display_board.widgets.calls import CallsColumn
from display_board.widgets.header import HeaderBar, OfflineBanner
from display_board.widgets.paint import BACKGROUND
from display_board.widgets.ticker import Ticker
from display_board.widgets.tiles import TileGrid

SMALLEST = (1280, 720)
FLASH_MS = 600  # a highlighted call turns gold and back at this pace
CLOCK_MS = 1000
HEADER_SHARE = 0.115  # of the window's height
BANNER_SHARE = 0.13
TICKER_SHARE = 0.065
CALLS_SHARE = 0.25  # of the window's width


class BoardWindow(QWidget):
    def __init__(self, flow: BoardFlow):
        super().__init__()
        self.flow = flow
        self.setWindowTitle("Kezek")
        self.setMinimumSize(*SMALLEST)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), BACKGROUND)
        self.setPalette(palette)
        self.header = HeaderBar()
        self.banner = OfflineBanner()
        self.tiles = TileGrid()
        self.calls = CallsColumn()
        self.ticker = Ticker()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        self.body = QHBoxLayout()
        self.body.addWidget(self.tiles, 1)
        self.body.addWidget(self.calls)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.ticker)
        self.flash_on = True
        self._flash = repeating(self, self._toggle_flash)
        self._clock = repeating(self, self.render)
        self._clock.start(CLOCK_MS)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)
        flow.changed.connect(self.render)
        self._size_parts()
        self.render()

    def render(self) -> None:
        view = self.flow.view()
        self.header.render(view.titles, view.clock)
        self.banner.render(view.offline)
        self.tiles.render(view.tiles, view.empty)
        self.calls.render(view.newest_title, view.newest, view.history_title, view.history)
        self.ticker.render(view.ticker)
        flashing = view.newest is not None or any(tile.highlighted for tile in view.tiles)
        if flashing and not self._flash.isActive():
            self._flash.start(FLASH_MS)
        elif not flashing and self._flash.isActive():
            self._flash.stop()
            self._set_flash(True)

    @property
    def flashing(self) -> bool:
        """Something is highlighted: the flashing runs."""
        return self._flash.isActive()

    def _toggle_flash(self) -> None:
        self._set_flash(not self.flash_on)

    def _set_flash(self, on: bool) -> None:
        self.flash_on = on
        self.tiles.flash(on)
        self.calls.flash(on)

    def stop_timers(self) -> None:
        for timer in (self._flash, self._clock):
            timer.stop()
        self.ticker.stop()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_parts()

    def _size_parts(self) -> None:
        width, height = self.width(), self.height()
        margin = max(6, round(min(width, height) * 0.015))
        self.header.setFixedHeight(round(height * HEADER_SHARE))
        self.banner.setFixedHeight(round(height * BANNER_SHARE))
        self.ticker.setFixedHeight(round(height * TICKER_SHARE))
        self.calls.setFixedWidth(round(width * CALLS_SHARE))
        self.body.setContentsMargins(margin, margin, margin, margin)
        self.body.setSpacing(margin)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.isFullScreen():
            self.showNormal()  # a technician at the board's PC gets the desktop back
        else:
            super().keyPressEvent(event)
