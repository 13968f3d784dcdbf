"""The Catalysts & Risks tab: the report's catalysts as checklists, the news items the trigger
rules read, and the risk matrix with the user's own ratings; every change one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.checklists import (
    ChecklistGroup,
    ChecklistItem,
    Checklists,
    ItemStatus,
    checklists_of,
)
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.triggers import report_rules
from kcdesk.model.values import PlanError
from kcdesk.ui.refusals import error_label
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable
from kcdesk.ui.tabs.checklist_editor import ItemEditor, short
from kcdesk.ui.tabs.checklist_model import ITEM, STATUS_WORDS, ChecklistModel
from kcdesk.ui.tabs.risk_panel import RiskPanel

NEWS_HINT = (
    "Tick an item when the news happens. The trim and downgrade rules read these items: "
    "a ticked item meets its clause of the rule named beside it."
)


def checklist_table(model: ChecklistModel, parent: QWidget) -> CopyableTable:
    """A table in the user's order (no sorting) whose item text wraps."""
    table = CopyableTable(model, parent, sortable=False)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class CatalystsTab(QWidget):
    """Catalysts, news items and risks of the session's desk; follows the session."""

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._session, self._today = session, today
        rules = report_rules()
        self.models: dict[ChecklistGroup, ChecklistModel] = {
            g: ChecklistModel(g, rules if g == "news" else (), self)
            for g in ("positive", "negative", "news")
        }
        self.tables = {g: checklist_table(m, self) for g, m in self.models.items()}
        self.pages = QTabWidget(self)
        self.editor = ItemEditor(self.commit, today, parent=self)
        self.news_editor = ItemEditor(self.commit, today, removable=False, parent=self)
        self.pages.addTab(self._catalysts_page(), "Catalysts")
        self.pages.addTab(self._news_page(), "News the rules read")
        self.risks = RiskPanel(self.commit, today, self)
        self.pages.addTab(self.risks, "Risk matrix")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        for group, table in self.tables.items():
            table.selectionModel().currentRowChanged.connect(
                lambda current, _prev, g=group: self._on_current(g, current)
            )
        self.models["news"].tick_requested.connect(self.tick)
        session.changed.connect(self.on_changed)
        self._refresh()

    def _catalysts_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        groups: tuple[ChecklistGroup, ...] = ("positive", "negative")
        for group in groups:
            layout.addWidget(QLabel(f"<b>{group.capitalize()} catalysts</b>", page))
            layout.addWidget(self.tables[group], 1)
        add_row = QHBoxLayout()
        self.new_text = QLineEdit(page)
        self.new_text.setPlaceholderText("a catalyst of your own…")
        self.new_group = QComboBox(page)
        self.new_group.addItem("positive", "positive")
        self.new_group.addItem("negative", "negative")
        self.add_button = QPushButton("Add", page)
        for w in (self.new_text, self.new_group, self.add_button):
            add_row.addWidget(w)
        add_row.setStretch(0, 1)
        layout.addLayout(add_row)
        self.add_error = error_label(page)
        layout.addWidget(self.add_error)
        layout.addWidget(self.editor)
        self.add_button.clicked.connect(self.add_item)
        self.new_text.returnPressed.connect(self.add_item)
        return page

    def _news_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        hint = QLabel(NEWS_HINT, page)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.tables["news"], 1)
        layout.addWidget(self.news_editor)
        return page

    # --- state -------------------------------------------------------------------------
    @property
    def checklists(self) -> Checklists:
        """The desk's checklists (the report's until the user first changes one)."""
        return checklists_of(self._session.desk.checklists, self._session.research)

    def commit(self, make: Callable[[Checklists], Checklists], description: str) -> str | None:
        """Propose `make(current)` as one edit: None when saved or unchanged, else why not."""
        current = self.checklists
        try:
            new = make(current)
        except PlanError as exc:
            return f"Refused: {exc.problem} (got {exc.value})"
        if new == current:
            return None
        if self._session.propose([SetPart(Part.CHECKLISTS, new)], description):
            return None
        return "Not saved: see the message in the status bar."

    def on_changed(self, change: DeskChange) -> None:
        if change.touches(Part.CHECKLISTS):
            self._refresh()

    def _refresh(self) -> None:
        state = self.checklists
        for group, model in self.models.items():
            model.set_items(state.checklist.group(group))
        research = self._session.research
        self.risks.set_state(() if research is None else research.risks, state.risks)
        for editor in (self.editor, self.news_editor):
            key = editor.key
            if key is not None and any(m.row_of(key) is not None for m in self.models.values()):
                self.select(key)  # the same item stays selected, what is typed in it stays
            else:
                editor.show_item(None)

    # --- actions -----------------------------------------------------------------------
    def select(self, key: str) -> None:
        """Select item `key` in its table and show it in its form."""
        for group, model in self.models.items():
            row = model.row_of(key)
            if row is not None:
                self.tables[group].setCurrentIndex(model.index(row, ITEM))
                self._on_current(group, model.index(row, ITEM))

    def _on_current(self, group: ChecklistGroup, current: QModelIndex) -> None:
        if not current.isValid():
            return
        editor = self.news_editor if group == "news" else self.editor
        if group != "news":  # one form for both catalyst tables: one selection at a time
            other = self.tables["negative" if group == "positive" else "positive"]
            other.selectionModel().clear()  # its current row too: clicking it again selects it
        editor.show_item(self.models[group].items[current.row()])

    def add_item(self) -> None:
        text, group = self.new_text.text().strip(), self.new_group.currentData()
        if not text:
            self._say_add("A new item needs its text.")
            return
        key = self.checklists.checklist.new_key()
        reason = self.commit(
            lambda s: Checklists(s.checklist.add(ChecklistItem(key, text, group)), s.risks),
            f"Add {group} catalyst “{short(text)}”",
        )
        self._say_add(reason)
        if reason is None:
            self.new_text.clear()
            self.select(key)

    def _say_add(self, reason: str | None) -> None:
        self.add_error.setText(reason or "")
        self.add_error.setVisible(reason is not None)

    def tick(self, key: str, ticked: bool) -> None:
        """Tick (it happened today) or untick (watching again) news item `key`."""
        item = self.checklists.checklist.item(key)
        status: ItemStatus = "happened" if ticked else "watching"
        on = self._today()
        self.select(key)
        reason = self.commit(
            lambda s: Checklists(s.checklist.set_status(key, status, on), s.risks),
            f"Mark “{short(item.text)}” {STATUS_WORDS[status]}",
        )
        self.news_editor.show_reason(reason)
