"""The main window: chart on the left, the tabs beside it, menus, and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget

from kcdesk.model.chart_ranges import RANGES
from kcdesk.model.plan import Plan
from kcdesk.model.plan_status import plan_status
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.price_actions import PriceActions
from kcdesk.ui.price_status import PriceStatusLabel
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.placeholder import PlaceholderTab
from kcdesk.ui.tabs.plan_tab import PlanTab

# (tab title, what it will hold) for tabs still to be built
LATER_TABS = (
    ("Fundamentals", "Annual and quarterly revenue, margins, balance sheet and cash flow."),
    ("Peers", "KC against GDS and VNET, and the named competitors."),
    ("Valuation", "Multiples, bear/base/bull scenarios, analyst targets, EPS consensus."),
    ("Catalysts && Risks", "Checklists with status, date and note; the risk matrix."),
    ("Metrics", "The quarterly metrics log and the add / trim / upgrade / downgrade triggers."),
    ("Journal", "Your actual trades."),
)


class MainWindow(QMainWindow):
    """Shows one session: the chart, the tabs, and actions on prices and the plan."""

    def __init__(self, session: Session, price_actions: PriceActions) -> None:
        super().__init__()
        self.session = session
        self.price_actions = price_actions
        self.setWindowTitle(f"KC Desk — {session.plan.ticker} · {session.plan.name}")
        screen = self.screen().availableGeometry()
        # 1500x900 where it fits; on a small laptop screen, most of the screen
        self.resize(min(1500, int(screen.width() * 0.95)), min(900, int(screen.height() * 0.9)))

        self.chart = ChartView(self)
        self.tabs = QTabWidget(self)
        self.plan_tab = PlanTab(self.tabs)
        self.tabs.addTab(self.plan_tab, "Plan")
        for title, what in LATER_TABS:
            self.tabs.addTab(PlaceholderTab(title, what, self.tabs), title)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1050, 450])
        self.setCentralWidget(splitter)

        self.price_label = PriceStatusLabel(self)
        self.message_label = QLabel(self)
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.price_label)

        self._build_actions()
        self._connect_signals()
        # prices first: the plan then draws (and the Plan tab and status render) once, not twice
        if session.prices is not None:
            self._show_prices(session.prices)
        self.on_plan_changed(session.plan)

    # --- actions ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import prices…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = self.menuBar().addMenu("&View")
        group = QActionGroup(self)
        self.range_actions: dict[str, QAction] = {}
        for name in RANGES:
            act = QAction(name, self, checkable=True)
            act.triggered.connect(lambda _=False, n=name: self.chart.set_range(n))
            group.addAction(act)
            view_menu.addAction(act)
            self.range_actions[name] = act
        view_menu.addSeparator()
        self.log_action = QAction("&Log scale", self, checkable=True)
        self.log_action.toggled.connect(self.chart.set_log_scale)
        view_menu.addAction(self.log_action)
        self.candles_action = QAction("&Candles (off: line)", self, checkable=True, checked=True)
        self.candles_action.toggled.connect(self.chart.set_candles)
        view_menu.addAction(self.candles_action)
        layers_menu = view_menu.addMenu("&Layers")
        for layer in self.chart.layers():
            act = QAction(layer, self, checkable=True, checked=True)
            act.toggled.connect(lambda on, name=layer: self.chart.set_layer_visible(name, on))
            layers_menu.addAction(act)

        prices_menu = self.menuBar().addMenu("&Prices")
        self.refresh_action = QAction("&Refresh from Yahoo Finance", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        prices_menu.addAction(self.refresh_action)
        prices_menu.addAction(self.import_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)

    def _connect_signals(self) -> None:
        # session -> views
        self.session.plan_changed.connect(self.on_plan_changed)
        self.session.prices_changed.connect(self.on_prices_changed)
        self.session.message.connect(self.on_message)
        # views -> session (proposed edits)
        self.chart.level_edit_proposed.connect(self.session.propose_level_edit)
        # actions
        self.refresh_action.triggered.connect(self.price_actions.refresh)
        self.import_action.triggered.connect(self.price_actions.ask_import)

    # --- slots -------------------------------------------------------------------------
    def on_plan_changed(self, plan: Plan) -> None:
        self.chart.set_plan(plan)
        self.plan_tab.on_plan_changed(plan)
        self._update_status_text()

    def on_prices_changed(self, series: PriceSeries) -> None:
        self._show_prices(series)
        self._update_status_text()

    def on_message(self, text: str, level: str) -> None:
        colour = {"error": "#b00020", "warning": "#8a6d00"}.get(level, "")
        self.message_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.message_label.setText(text)

    def _show_prices(self, series: PriceSeries) -> None:
        self.chart.set_prices(series)
        self.plan_tab.on_prices_changed(series)
        self.price_label.on_prices_changed(series)

    def _update_status_text(self) -> None:
        series = self.session.prices
        if series is None or series.frame.empty:
            self.chart.set_status_text("No prices")
            return
        status = plan_status(series.frame, self.session.plan)
        self.chart.set_status_text(status.summary if status is not None else "No prices")

    def closeEvent(self, event: object) -> None:  # Qt override
        self.price_actions.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]
