"""The "since your last review" panel above the tabs, with Mark reviewed and the new-events notice.

It lists the standing's `since_review` (events logged since the review, quarters' metrics
logged…). When a refresh or an import logs new events it says so: a desktop notification where
a system tray exists, otherwise (Xvfb, offscreen) a banner at the top of the panel.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.desk.desk import PRICES, Part
from kcdesk.model.desk.edits import MarkReviewed
from kcdesk.model.event_log import LoggedEvent
from kcdesk.model.review import ReviewItem, kind_label
from kcdesk.ui import theme
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable, RowsModel, cell

MAX_ROWS = 500  # the newest; a first import of years of history logs thousands of events
_BANNER_CSS = ("QFrame#new-events { background: $banner_bg; border: 1px solid $banner_border;"
               " border-radius: 3px; } QLabel { color: $banner_fg; }")


def _when(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def notice_text(ticker: str, new: tuple[LoggedEvent, ...]) -> str:
    """'3 new events for KC — 2026-01-05 Golden cross: …' (the newest named)."""
    noun = "event" if len(new) == 1 else "events"
    last = new[-1]
    return f"{len(new)} new {noun} for {ticker} — latest {last.date:%Y-%m-%d}: {last.text}"


class ReviewPanel(QWidget):
    """What happened since the last review, and the button that marks the plan reviewed."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._seen = len(session.desk.event_log.events)
        self.tray: QSystemTrayIcon | None = None  # made on the first notification

        self.banner = QFrame(self)
        self.banner.setObjectName("new-events")
        theme.set_style(self.banner, _BANNER_CSS)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        close = QToolButton(self.banner)
        close.setText("×")
        close.setToolTip("Hide this notice")
        close.setAutoRaise(True)
        close.clicked.connect(self.banner.hide)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(6, 2, 2, 2)
        row.addWidget(self.banner_label, 1)
        row.addWidget(close)
        self.banner.hide()

        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Show or hide the list")
        self.mark_button = QPushButton("Mark reviewed", self)
        self.mark_button.setToolTip("Start “since your last review” again from now (undoable)")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle, 1)
        header.addWidget(self.mark_button)

        self.model = RowsModel(("Date", "What", "Detail"), parent=self)
        self.table = CopyableTable(self.model, self)
        self.table.setMaximumHeight(170)
        self.note = QLabel(self)  # the empty state, or what is not logged yet
        self.note.setWordWrap(True)
        theme.set_style(self.note, "color: $muted;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addWidget(self.table)
        layout.addWidget(self.note)

        self.toggle.toggled.connect(self._on_toggled)
        self.mark_button.clicked.connect(self.mark_reviewed)
        session.changed.connect(self.on_desk_changed)
        self._show()

    # --- actions -----------------------------------------------------------------------
    def mark_reviewed(self) -> bool:
        """Mark the plan reviewed now: one undoable edit through the session."""
        done = self.session.propose([MarkReviewed(self.session.clock())], "Mark the plan reviewed")
        if done:
            self.banner.hide()
        return done

    # --- what it shows ----------------------------------------------------------------
    @property
    def items(self) -> tuple[ReviewItem, ...]:
        return self.session.standing.since_review

    def on_desk_changed(self, change: DeskChange) -> None:
        if change.touches(Part.EVENT_LOG):
            events = change.desk.event_log.events
            new = events[self._seen:]
            self._seen = len(events)
            if new:
                self._notify(notice_text(change.desk.ticker, new))
        if change.touches(Part.EVENT_LOG, Part.LAST_REVIEW, Part.METRIC_LOG, PRICES):
            self._show()

    def _show(self) -> None:
        items, desk = self.items, self.session.desk
        reviewed = desk.last_review
        since = f"reviewed {_when(reviewed)}" if reviewed is not None else "never reviewed"
        self.toggle.setText(f"Since your last review: {len(items)} · {since}")
        shown = items[::-1][:MAX_ROWS]  # newest first
        self.model.set_rows(
            (cell(f"{i.on:%Y-%m-%d}"), cell(kind_label(i.kind)), cell(i.text, i.text))
            for i in shown
        )
        self.mark_button.setEnabled(bool(items))
        self.note.setText(self._note(len(items), len(shown)))
        self._on_toggled(self.toggle.isChecked())

    def _note(self, n: int, shown: int) -> str:
        prices, log = self.session.prices, self.session.desk.event_log
        notes = []
        if n == 0:
            notes.append("Nothing new since your review." if self.session.desk.last_review
                         else "Nothing logged yet.")
        elif shown < n:
            notes.append(f"Showing the newest {shown} of {n}.")
        if prices is not None and prices.is_sample:
            notes.append("Sample prices — not market data: no events are logged from them.")
        elif prices is not None and prices.last_date is not None and (
                log.through is None or prices.last_date.date() > log.through):
            notes.append("Events of the bars not logged yet are logged on the next refresh "
                         "or import.")
        return " ".join(notes)

    def _on_toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.table.setVisible(open_ and self.model.rowCount() > 0)
        self.note.setVisible(open_ and bool(self.note.text()))

    def _notify(self, text: str) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.window().windowIcon(), self)
                self.tray.setToolTip("KC Desk")
                self.tray.show()
            self.tray.showMessage("KC Desk", text, QSystemTrayIcon.MessageIcon.Information)
        else:
            self.banner_label.setText(text)
            self.banner.show()
