"""The officials screen: one large tile per queue, and a search box.

Tiles are grouped under department headings when departments really group
officials; when nearly every official has their own department (an akim's
reception), headings would only double the height, so the department is
written on the tile instead.

A kiosk usually has no physical keyboard: the search box is read-only, and
a tap on it (or on "Search" beside it) opens the on-screen keyboard under
the tiles, which the visitor closes again to give the tiles their room back.
Where there is a keyboard, the window passes its letters to the same search.

Tiles are rebuilt only when what they show changes shape (language, search,
the set of queues); live counts from the event stream update them in place,
so a visitor's scroll position and selection never jump. While the live
updates are down (the figures are stale), one quiet line above the tiles
says the figures may lag; it takes a line of the tiles' room, never the
buttons'. With the keyboard open on a landscape screen it moves beside the
search box, into the room of the hidden "Search" button: the tiles keep the
room they had.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from client.widgets.style import button, clear_layout, label, restyle
from common.i18n import Translator
from contract.views import Queue
from kiosk.flow import KioskFlow
from kiosk.widgets.keyboard import SearchKeyboard


class SearchBox(QLineEdit):
    """The search text, shown but not typed into: a tap opens the keyboard."""

    tapped = Signal()

    def __init__(self):
        super().__init__()
        self.setProperty("role", "search")
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.NoFocus)  # no caret, and no system keyboard popping up
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)  # as tall as the button beside it
        self.setCursor(Qt.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.tapped.emit()
        super().mouseReleaseEvent(event)


TILE_MIN_HEIGHT = 220


class OfficialTile(QFrame):
    clicked = Signal(int)

    def __init__(self, queue: Queue, tr: Translator, show_department: bool):
        super().__init__()
        self.show_department = show_department
        self.queue_id = queue.id
        self.tr = tr
        self.setProperty("role", "tile")
        self.setCursor(Qt.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.name = label(role="name")
        self.check = label("", "check", wrap=False, align=Qt.AlignCenter)
        self.check.setFixedSize(56, 56)
        top.addWidget(self.name, 1)
        top.addWidget(self.check, 0, Qt.AlignTop)
        layout.addLayout(top)
        self.position = label(role="detail")
        self.department = label(role="detail")
        self.department.setVisible(show_department)
        self.desk = label(role="figure")
        self.figures = label(role="figure")
        self.eta = label(role="figure")
        for widget in (self.position, self.department, self.desk):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(self.figures)
        layout.addWidget(self.eta)
        self.show_queue(queue, selected=False)

    def show_queue(self, queue: Queue, selected: bool) -> None:
        tr, lang = self.tr, self.tr.language
        self.name.setText(queue.name(lang))
        self.position.setText(queue.position(lang))
        self.department.setText(queue.department(lang))
        self.desk.setText(tr("common.desk", desk=queue.desk.name) if queue.desk else "")
        eta = ""
        if not queue.open:
            figures = tr("kiosk.officials.closed")
        elif queue.waiting == 0:
            figures = tr("kiosk.officials.no_queue")
        else:
            figures = tr.plural("kiosk.officials.waiting", queue.waiting)
            if queue.eta_minutes:
                eta = tr("kiosk.officials.eta", eta=tr.duration(queue.eta_minutes))
        self.figures.setText(figures)
        self.eta.setText(eta)
        self.eta.setVisible(bool(eta))
        self.check.setText("✓" if selected else "")
        self.check.setVisible(selected)
        self.setEnabled(queue.open)
        state = ("true" if selected else "false", "false" if queue.open else "true")
        if state != (self.property("selected"), self.property("closed")):
            # Re-polishing is the slow part of a tile: only when its look changes.
            self.setProperty("selected", state[0])
            self.setProperty("closed", state[1])
            restyle(self)

    def minimumSizeHint(self) -> QSize:
        # At least TILE_MIN_HEIGHT, and never shorter than its texts: a fixed
        # minimum would let a short viewport (the keyboard open) cut them off.
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), TILE_MIN_HEIGHT))

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.queue_id)
        super().mouseReleaseEvent(event)


class OfficialsScreen(QWidget):
    def __init__(self, flow: KioskFlow, columns: int = 3, portrait: bool = False):
        super().__init__()
        self.flow = flow
        self.columns = columns
        self.tiles: dict[int, OfficialTile] = {}
        self._shape = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.setSpacing(16)
        self.title = label(role="title")
        self.hint = label(role="hint")
        self.search = SearchBox()
        self.search.tapped.connect(flow.open_keyboard)
        self.search_button = button()
        self.search_button.setStyleSheet("padding: 8px 20px;")  # the box's hint needs the room in portrait
        self.search_button.clicked.connect(flow.open_keyboard)
        search_row = QHBoxLayout()
        search_row.setSpacing(16)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        self.search_row = search_row
        self.portrait = portrait
        self.stale = label(role="note", wrap=False)
        self.stale.hide()
        self.stale_row = QHBoxLayout()
        self.stale_row.addWidget(self.stale)
        self.stale_row.addStretch()
        self._stale_beside_search = False
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(search_row)
        layout.addLayout(self.stale_row)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.TouchGesture)
        self.content = QWidget()
        self.groups = QVBoxLayout(self.content)
        self.groups.setSpacing(14)
        self.scroll.setWidget(self.content)
        layout.addWidget(self.scroll, 1)
        self.keyboard = SearchKeyboard(flow, portrait)
        self.keyboard.hide()
        layout.addWidget(self.keyboard)

        bar = QHBoxLayout()
        self.back = button()
        self.back.clicked.connect(flow.back)
        self.selected = label(role="subtitle", wrap=False, align=Qt.AlignCenter)
        self.next = button(role="primary")
        self.next.clicked.connect(flow.next)
        bar.addWidget(self.back)
        bar.addStretch()
        bar.addWidget(self.selected)
        bar.addStretch()
        bar.addWidget(self.next)
        layout.addLayout(bar)

        flow.queues_changed.connect(self._on_queues_changed)
        flow.figures_stale_changed.connect(self.show_stale)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.title.setText(tr("kiosk.officials.title"))
        self.hint.setText(tr("kiosk.officials.hint"))
        self.search.setPlaceholderText(tr("kiosk.officials.search"))
        if self.search.text() != flow.search:
            self.search.setText(flow.search)
        self.search_button.setText(tr("kiosk.keyboard.search"))
        typing = flow.keyboard_open
        if self.search.property("active") != ("true" if typing else "false"):
            self.search.setProperty("active", "true" if typing else "false")
            restyle(self.search)
        # While typing, the title, the hint and the search button give their
        # room to the tiles: on a landscape screen the keys take a third of it.
        self.title.setVisible(not typing)
        self.hint.setVisible(not typing)
        self.search_button.setVisible(not typing)
        self._place_stale(beside_search=typing and not self.portrait)
        if typing:
            self.keyboard.render()
        self.keyboard.setVisible(typing)
        self.back.setText(tr("common.back"))
        self.next.setText(tr("kiosk.officials.next"))
        self.next.setEnabled(bool(flow.selection))
        self.selected.setText(tr("kiosk.officials.selected", count=len(flow.selection)) if flow.selection else "")
        self.show_stale()
        self.update_tiles()

    def show_stale(self) -> None:
        """The "figures may lag" line, in the visitor's language, while they are stale."""
        stale = self.flow.figures_stale
        if stale:
            self.stale.setText(self.flow.tr("kiosk.officials.stale"))
        self.stale.setVisible(stale)

    def _place_stale(self, beside_search: bool) -> None:
        if beside_search == self._stale_beside_search:
            return
        self._stale_beside_search = beside_search
        if beside_search:
            self.stale_row.removeWidget(self.stale)
            self.search_row.addWidget(self.stale, 0, Qt.AlignVCenter)  # a line, not a button's height
        else:
            self.search_row.removeWidget(self.stale)
            self.stale_row.insertWidget(0, self.stale)

    def _on_queues_changed(self) -> None:
        # Live counts arrive all day; a screen nobody sees is brought up to
        # date by render() when it is shown, not on every event.
        if self.isVisible():
            self.update_tiles()

    def update_tiles(self) -> None:
        flow = self.flow
        shape = (flow.language, flow.search, tuple(q.id for q in flow.visible_queues()), self.columns)
        if shape != self._shape:
            self._rebuild()
            self._shape = shape
        for queue_id, tile in self.tiles.items():
            queue = flow.queues.get(queue_id)
            if queue is not None:
                tile.show_queue(queue, queue_id in flow.selection)

    def _rebuild(self) -> None:
        clear_layout(self.groups)
        self.tiles = {}
        tr = self.flow.tr
        groups = self.flow.queues_by_department()
        count = sum(len(queues) for _, queues in groups)
        grouped = len(groups) * 2 <= count
        if not grouped:
            groups = [("", self.flow.visible_queues())] if count else []
        if not groups:
            self.groups.addWidget(label(tr("kiosk.officials.nothing_found"), "subtitle", align=Qt.AlignCenter))
        for department, queues in groups:
            if department:
                self.groups.addWidget(label(department, "group"))
            grid = QGridLayout()
            grid.setSpacing(16)
            for index, queue in enumerate(queues):
                tile = OfficialTile(queue, tr, show_department=not grouped)
                tile.clicked.connect(self.flow.toggle)
                grid.addWidget(tile, index // self.columns, index % self.columns)
                self.tiles[queue.id] = tile
            for column in range(self.columns):
                grid.setColumnStretch(column, 1)
            self.groups.addLayout(grid)
        self.groups.addStretch()
        self.scroll.verticalScrollBar().setValue(0)
