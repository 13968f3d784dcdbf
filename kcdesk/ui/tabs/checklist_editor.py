"""The form under a checklist: edit the selected item's text and note, change its status on a
day, move it among its group or remove it; its status history is listed; refusals shown in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kcdesk.model.checklists import ITEM_STATUSES, Checklist, ChecklistItem, Checklists
from kcdesk.ui.refusals import error_label
from kcdesk.ui.tabs.checklist_model import STATUS_WORDS, history_text

# Make the new checklists from the current ones, and say what it does: None when saved, else why
# not (the form shows it in place).
Change = Callable[[Checklist], Checklist]
Commit = Callable[[Callable[[Checklists], Checklists], str], str | None]


def parse_day(text: str, today: date) -> date:
    """A typed YYYY-MM-DD day, not after `today`; ValueError saying what is wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a date: write it as YYYY-MM-DD") from None
    if day > today:
        raise ValueError(f"{day:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})")
    return day


def short(text: str, width: int = 40) -> str:
    """The start of an item's text for an undo line ("Mark “Continued AI…” happened")."""
    return text if len(text) <= width else text[: width - 1] + "…"



class ItemEditor(QGroupBox):
    """Edits the selected checklist item through `commit` (one saved, undoable edit each)."""

    def __init__(self, commit: Commit, today: Callable[[], date], *, removable: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__("Selected item", parent)
        self._commit, self._today = commit, today
        self._item: ChecklistItem | None = None
        self._loaded: dict[QLineEdit, str] = {}

        self.text_edit = QLineEdit(self)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("your note on the item")
        self.save_button = QPushButton("Save text and note", self)
        self.status_combo = QComboBox(self)
        for status in ITEM_STATUSES:
            self.status_combo.addItem(STATUS_WORDS[status], status)
        self.on_edit = QLineEdit(self)
        self.on_edit.setPlaceholderText("YYYY-MM-DD")
        self.on_edit.setMaximumWidth(110)
        self.change_note_edit = QLineEdit(self)
        self.change_note_edit.setPlaceholderText("why (kept in the history)")
        self.status_button = QPushButton("Change status", self)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setVisible(removable)
        self.history_label = QLabel(self)
        self.history_label.setWordWrap(True)
        self.error = error_label(self)

        form = QFormLayout(self)
        form.addRow("Text", self.text_edit)
        form.addRow("Note", self.note_edit)
        form.addRow("", self.save_button)
        status_row = QHBoxLayout()
        for w in (self.status_combo, QLabel("on", self), self.on_edit, self.change_note_edit):
            status_row.addWidget(w)
        form.addRow("Status", status_row)
        form.addRow("", self.status_button)
        moves = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        form.addRow("", moves)
        form.addRow("History", self.history_label)
        form.addRow(self.error)

        self.save_button.clicked.connect(self.save_text)
        self.status_button.clicked.connect(self.change_status)
        self.up_button.clicked.connect(lambda: self.shift(-1))
        self.down_button.clicked.connect(lambda: self.shift(1))
        self.remove_button.clicked.connect(self.remove)
        self.show_item(None)

    @property
    def key(self) -> str | None:
        return None if self._item is None else self._item.key

    def show_item(self, item: ChecklistItem | None) -> None:
        """Show `item` (None: nothing selected). The same item again keeps what was typed."""
        same = item is not None and self._item is not None and item.key == self._item.key
        self._item = item
        self.setEnabled(item is not None)
        if item is None:
            self.history_label.setText("Select an item above.")
            return
        self._set(self.text_edit, item.text, keep_typed=same)
        self._set(self.note_edit, item.note, keep_typed=same)
        self._set(self.on_edit, f"{self._today():%Y-%m-%d}", keep_typed=same)
        if not same:
            self.change_note_edit.clear()
            self.error.hide()
            self.status_combo.setCurrentIndex(ITEM_STATUSES.index(item.status))
        self.setTitle(f"Selected item — {item.section}".replace("&", "&&"))
        self.history_label.setText(history_text(item))

    def _set(self, edit: QLineEdit, value: str, *, keep_typed: bool) -> None:
        # What the user typed and has not saved stays; a field they did not touch follows.
        if keep_typed and edit.text() != self._loaded.get(edit, ""):
            return
        edit.setText(value)
        edit.setCursorPosition(0)  # a long text shows its start
        self._loaded[edit] = value

    def _run(self, change: Change, description: str) -> bool:
        reason = self._commit(lambda s: replace(s, checklist=change(s.checklist)), description)
        return self.show_reason(reason)

    def show_reason(self, reason: str | None) -> bool:
        """Show why an edit was refused under the form (None: hide it); True if none."""
        self.error.setText(reason or "")
        self.error.setVisible(reason is not None)
        return reason is None

    def save_text(self) -> None:
        key, text, note = self.key, self.text_edit.text().strip(), self.note_edit.text().strip()
        if key is None:
            return
        if not text:
            self.show_reason("An item needs its text.")
            return
        for edit, value in ((self.text_edit, text), (self.note_edit, note)):
            self._loaded[edit] = value  # saved as typed: a refresh may now replace it
        if not self._run(lambda c: c.edit(key, text=text, note=note),
                         f"Edit checklist item “{short(text)}”"):
            self._loaded.clear()

    def change_status(self) -> None:
        item = self._item
        if item is None:
            return
        status = self.status_combo.currentData()
        try:
            on = parse_day(self.on_edit.text(), self._today())
        except ValueError as exc:
            self.show_reason(str(exc))
            return
        note = self.change_note_edit.text().strip()
        if self._run(lambda c: c.set_status(item.key, status, on, note),
                     f"Mark “{short(item.text)}” {STATUS_WORDS[status]}"):
            self.change_note_edit.clear()

    def shift(self, by: int) -> None:
        if self._item is not None:
            key, word = self._item.key, "up" if by < 0 else "down"
            self._run(lambda c: c.shift(key, by), f"Move “{short(self._item.text)}” {word}")

    def remove(self) -> None:
        if self._item is not None:
            key = self._item.key
            self._run(lambda c: c.remove(key), f"Remove “{short(self._item.text)}”")
