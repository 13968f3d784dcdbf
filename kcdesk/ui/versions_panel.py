"""Plan versions in the window: Plan ▸ Save version… and Plan ▸ Versions… (list, diff, restore).

Saving asks for a one-line rationale (SaveVersion); the panel lists the versions, shows what
changed between two of them (or a version and the current plan) level by level, and restores
one as a single undoable edit (RestoreVersion). The Plan menu (plan_menu.py) builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import RestoreVersion, SaveVersion
from kcdesk.model.plan_versions import diff_versions, saved_at_text
from kcdesk.ui import theme
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable, RowsModel, cell

Clock = Callable[[], dt.datetime]
VERSION_HEADERS = ("#", "Saved", "Rationale")
DIFF_HEADERS = ("Level or rule", "From", "To")
CURRENT = -1  # the combo data for "the current plan"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SaveVersionDialog(QDialog):
    """Asks for the one-line rationale of a version; refuses a blank one in place."""

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 clock: Clock = _utc_now) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save plan version")
        self._session, self._clock = session, clock
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("why this version, in one line (e.g. Q3: stop raised to $9)")
        self.error = QLabel(self)
        theme.set_style(self.error, "color: $error;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Rationale for this version of the plan:", self))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> bool:
        note = self.note.text().strip()
        if not note:
            self.error.setText("Write a one-line rationale: why this version?")
            return False
        n = len(self._session.desk.versions) + 1
        if not self._session.propose([SaveVersion(note, self._clock())],
                                     f"Save plan version {n}"):
            return False
        self.error.setText("")
        self.accept()
        return True


class VersionsPanel(QDialog):
    """The saved versions, a diff of any two (or one against the current plan), and Restore."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Plan versions — {session.desk.ticker}")
        self._session = session
        self.versions_model = RowsModel(VERSION_HEADERS, parent=self)
        self.versions = CopyableTable(self.versions_model, self, sortable=False)
        self.old = QComboBox(self)
        self.new = QComboBox(self)
        self.diff_model = RowsModel(DIFF_HEADERS, parent=self)
        self.diff = CopyableTable(self.diff_model, self, sortable=False)
        self.summary = QLabel(self)
        self.restore_button = QPushButton("Restore the “From” version", self)
        self.restore_error = QLabel(self)
        theme.set_style(self.restore_error, "color: $error;")
        pick = QHBoxLayout()
        pick.addWidget(QLabel("From", self))
        pick.addWidget(self.old, 1)
        pick.addWidget(QLabel("to", self))
        pick.addWidget(self.new, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Saved versions</b>", self))
        layout.addWidget(self.versions, 1)
        layout.addWidget(QLabel("<b>What changed</b>", self))
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.diff, 2)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.restore_error, 1)
        layout.addLayout(row)
        self.old.currentIndexChanged.connect(self._show_diff)
        self.new.currentIndexChanged.connect(self._show_diff)
        self.restore_button.clicked.connect(self.restore)
        session.changed.connect(self.on_changed)
        self.resize(760, 560)
        self._render()

    def on_changed(self, change: DeskChange) -> None:
        if change.touches(Part.VERSIONS, Part.PLAN):
            self._render()

    def _render(self) -> None:
        desk = self._session.desk
        self.versions_model.set_rows(
            (cell(v.id), cell(saved_at_text(v)), cell(v.note)) for v in reversed(desk.versions))
        choices = [(f"v{v.id} · {saved_at_text(v)} · {v.note}", v.id)
                   for v in reversed(desk.versions)]
        # default: the latest version against the current plan (what has not been saved yet)
        old_pick = self.old.currentData() if self.old.count() else None
        new_pick = self.new.currentData() if self.new.count() else CURRENT
        for combo, pick in ((self.old, old_pick), (self.new, new_pick)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("Current plan", CURRENT)
            for text, vid in choices:
                combo.addItem(text, vid)
            index = combo.findData(pick) if pick is not None else -1
            combo.setCurrentIndex(index if index >= 0 else min(1, combo.count() - 1))
            combo.blockSignals(False)
        self._show_diff()

    def choose(self, old: int | None, new: int | None) -> None:
        """Compare version `old` with version `new` (None: the current plan)."""
        self.old.setCurrentIndex(self.old.findData(CURRENT if old is None else old))
        self.new.setCurrentIndex(self.new.findData(CURRENT if new is None else new))
        self._show_diff()

    def _picked(self, combo: QComboBox) -> int | None:
        data = combo.currentData()
        return None if data in (None, CURRENT) else int(data)

    def _show_diff(self) -> None:
        old, new = self._picked(self.old), self._picked(self.new)
        changes = diff_versions(self._session.desk, old, new)
        self.diff_model.set_rows(
            (cell(c.label, c.key), cell(c.old or "—"), cell(c.new or "—")) for c in changes)
        n = len(changes)
        self.summary.setText("No level or rule differs." if not n else
                             f"{n} level{'s' if n != 1 else ''} or rule{'s' if n != 1 else ''}"
                             " differ.")
        can = old is not None and bool(diff_versions(self._session.desk, old, None))
        self.restore_button.setEnabled(can)
        self.restore_button.setText("Restore the “From” version" if old is None else
                                    f"Restore version {old} as the current plan")

    def restore(self) -> bool:
        """Make the “From” version the current plan: one undoable edit (Edit ▸ Undo)."""
        vid = self._picked(self.old)
        if vid is None:
            self.restore_error.setText("Choose a saved version in “From” to restore it.")
            return False
        self.restore_error.setText("")
        return self._session.propose([RestoreVersion(vid)], f"Restore plan version {vid}")
