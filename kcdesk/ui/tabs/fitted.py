"""Tables that show all their rows inside a scrolling page (no scroll bar of their own)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kcdesk.ui import theme
from kcdesk.ui.tables import CopyableTable


def fit_height(table: CopyableTable) -> None:
    """Make `table` exactly as tall as its rows (it lives in a scroll area).

    From the section sizes, not the laid-out rows: a table not shown yet has none.
    """
    rows = max(table.model().rowCount(), 1)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += rows * table.verticalHeader().defaultSectionSize()
    # room for a horizontal scroll bar, which a wide table shows only once it is laid out
    height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A section heading of a tab."""
    label = QLabel(f"<b>{text}</b>", parent)
    label.setContentsMargins(0, 8, 0, 2)
    return label


def note(text: str = "", parent: QWidget | None = None, *, colour: str = "") -> QLabel:
    """A wrapped line of explanation; `colour` a theme role ("error" for a refusal)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if colour:
        theme.set_style(label, f"color: ${colour};")
    return label
