"""The Metrics tab: the quarterly log (quarters × metrics, as known on a day), plot, triggers.

Until the user logs anything it shows the report's quarters (source "research report"); the
first edit stores them with the change. Every change is one `session.propose`: one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.desk.desk import RESEARCH, Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.desk.metrics import shown_log, trigger_results
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.ui.services import Services
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable
from kcdesk.ui.tabs.metrics_dialogs import EntryDialog, MetricDialog
from kcdesk.ui.tabs.metrics_form import LogQuarterForm, to_date, to_qdate
from kcdesk.ui.tabs.metrics_models import HistoryModel
from kcdesk.ui.tabs.metrics_plot import MetricPlot
from kcdesk.ui.tabs.metrics_triggers import TriggersPanel
from kcdesk.ui.tabs.metrics_yahoo import YahooPanel

WATCHED = (Part.METRIC_LOG, Part.CHECKLISTS, Part.TRIGGERS, RESEARCH)


class MetricsTab(QWidget):
    """The log, its plot, the triggers panel, the form to log a quarter and Fill from Yahoo."""

    def __init__(self, session: Session, services: Services, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session, self.services = session, services
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.as_known = QCheckBox("As known on", self)
        self.known_on = QDateEdit(to_qdate(services.today()), self)
        self.known_on.setDisplayFormat("yyyy-MM-dd")
        self.known_on.setCalendarPopup(True)
        self.known_on.setEnabled(False)
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete", self)
        self.metric_button = QPushButton("Add metric…", self)
        bar.addWidget(self.as_known)
        bar.addWidget(self.known_on)
        bar.addStretch(1)
        for button in (self.edit_button, self.delete_button, self.metric_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.history = HistoryModel(self)
        self.table = CopyableTable(self.history, split)
        self.table.setToolTip("* marks a value logged more than once (restated): see its tooltip")
        # Sized once, not to contents: measuring 40 quarters × 20 metrics on every change is
        # most of a change's time (the user can still drag a column wider).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(136)
        header.resizeSection(0, 64)
        self.pages = QTabWidget(split)
        self.plot = MetricPlot(self.pages)
        self.triggers = TriggersPanel(session, self.pages)
        self.form = LogQuarterForm(session, services.today, self.pages)
        scroll = QScrollArea(self.pages)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.yahoo = YahooPanel(session, services, self.pages)
        self.pages.addTab(self.triggers, "Triggers")
        self.pages.addTab(self.plot, "Plot")
        self.pages.addTab(scroll, "Log a quarter")
        self.pages.addTab(self.yahoo, "Fill from Yahoo")
        split.addWidget(self.table)
        split.addWidget(self.pages)
        split.setSizes([260, 520])
        layout.addWidget(split, 1)

        self.as_known.toggled.connect(self.known_on.setEnabled)
        self.as_known.toggled.connect(lambda _: self.refresh())
        self.known_on.dateChanged.connect(lambda _: self.refresh())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.metric_button.clicked.connect(self.ask_metric)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        session.changed.connect(self.on_desk_changed)
        self.refresh()

    # --- showing -------------------------------------------------------------------------
    @property
    def log(self) -> MetricLog:
        """The log shown (the report's quarters until the user logs one)."""
        return shown_log(self.session.desk, self.session.research)

    def set_known_on(self, day: QDate | None) -> None:
        """Show the log as known on `day` (None: as known now)."""
        if day is not None:
            self.known_on.setDate(day)
        self.as_known.setChecked(day is not None)

    def refresh(self) -> None:
        log = self.log
        day = to_date(self.known_on.date()) if self.as_known.isChecked() else None
        view = log.as_known_on(day)
        self.history.set_view(log, view)
        self.plot.show_view(view, self.history.metrics)
        self.form.set_metrics(log.metrics)
        # as known on a past day, the rules are judged on what was known then
        results = (self.session.standing.triggers if day is None
                   else trigger_results(self.session.desk, self.session.research, day))
        self.triggers.show_results(results)
        self.yahoo.refresh()

    def on_desk_changed(self, change: DeskChange) -> None:
        if change.touches(*WATCHED):
            self.refresh()

    # --- edits ---------------------------------------------------------------------------
    def selected_entry(self) -> MetricEntry | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        if self.table.proxy is not None:
            index = self.table.proxy.mapToSource(index)
        return self.history.entry_at(index.row(), index.column())

    def _propose(self, log: MetricLog, text: str) -> bool:
        return self.session.propose([SetPart(Part.METRIC_LOG, log)], text)

    def replace_entry(self, entry: MetricEntry) -> bool:
        return self._propose(self.log.replace(entry), f"Edit {entry.quarter} {entry.metric}")

    def delete_entry(self, entry_id: str) -> bool:
        log = self.log
        e = log.entry(entry_id)
        return self._propose(log.delete(entry_id), f"Delete {e.quarter} {e.metric}")

    def edit_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.session.messages.info("Select a logged value to edit")
            return
        dialog = EntryDialog(entry, self.log.metric(entry.metric).label, self)
        if dialog.exec() and dialog.result_entry is not None:
            self.replace_entry(dialog.result_entry)

    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.session.messages.info("Select a logged value to delete")
            return
        self.delete_entry(entry.id)

    def add_metric(self, dialog: MetricDialog) -> bool:
        if dialog.result_metric is None:
            return False
        d = dialog.result_metric
        return self._propose(self.log.add_metric(d), f"Add the metric {d.label}")

    def ask_metric(self) -> None:
        dialog = MetricDialog({d.key for d in self.log.metrics}, self)
        if dialog.exec():
            self.add_metric(dialog)
