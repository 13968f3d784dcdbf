"""Help ▸ Keyboard shortcuts: every shortcut of every action in the window, found by walking it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from kcdesk.ui.tables import CopyableTable, RowsModel, cell


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersands ("&&" is a literal "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(action, its shortcuts) for each action of `window` that has one, by action name.

    Walks the window's actions and its children's, so an action added later is listed
    without touching this module.
    """
    rows = set()  # an action in two menus (and the toolbar) is one row
    for action in [*window.actions(), *window.findChildren(QAction)]:
        keys = action.shortcuts()
        if keys:
            text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            rows.add((_plain(action.text()), text))
    return sorted(rows, key=lambda r: r[0].casefold())


class ShortcutsDialog(QDialog):
    """A table of the window's keyboard shortcuts (sortable, copyable)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.model = RowsModel(("Action", "Shortcut"),
                               [(cell(a), cell(k)) for a, k in shortcut_rows(window)], self)
        self.table = CopyableTable(self.model, self)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 420)
