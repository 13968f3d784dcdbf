"""The main window: chart on the left, the tabs beside it, menus, and the status bar.

It wires signals (in `_connect_signals`); it does not relay them: the chart, the tabs and the
status bar each follow the session themselves, and every message goes through `Messages`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from kcdesk.model.desk.desk import PRICES
from kcdesk.ui import theme
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.desk_on_chart import show_on_chart
from kcdesk.ui.lazy_tabs import LazyTabs
from kcdesk.ui.messages import Message, Messages
from kcdesk.ui.plan_menu import PlanVersionActions
from kcdesk.ui.price_actions import PriceActions
from kcdesk.ui.price_status import PriceStatusLabel
from kcdesk.ui.review_panel import ReviewPanel
from kcdesk.ui.services import Services
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tabs.placeholder import PlaceholderTab
from kcdesk.ui.ui_state import ThemeActions, restore_layout, save_layout, ui_settings

_COLOURS = {"error": "error", "warning": "warning"}  # message level -> theme role
CATCH_UP_AFTER_MS = 300  # after the first frame: logging missed bars' events is not urgent


# Each tab is made, and its module imported, only when it is first shown: more tabs must not
# slow the first frame. Plain imports inside the functions, not module names in strings: a
# frozen build (PyInstaller) follows these.
def _plan_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.plan_tab import PlanTab

    tab = PlanTab(window.session, parent)
    tab.tranche_selected.connect(window.chart.set_position)  # a tranche as a position box
    return tab


def _fundamentals_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.fundamentals_tab import FundamentalsTab

    return FundamentalsTab(window.session, parent)


def _peers_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.peer_implied_panel import PeerImpliedPanel
    from kcdesk.ui.tabs.peers_tab import PeersTab

    tab = PeersTab(window.session, parent)
    tab.peer_implied_slot.addWidget(PeerImpliedPanel(window.session, tab))
    return tab


def _valuation_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.valuation_tab import ValuationTab

    return ValuationTab(window.session, window.services, parent)


def _catalysts_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.catalysts_tab import CatalystsTab

    return CatalystsTab(window.session, parent)


def _metrics_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.metrics_tab import MetricsTab

    return MetricsTab(window.session, window.services, parent)


def _journal_page(window: MainWindow, parent: QWidget) -> QWidget:
    from kcdesk.ui.tabs.journal_tab import JournalTab

    return JournalTab(window.session, parent)


def _placeholder(title: str, what: str) -> Callable[[MainWindow, QWidget], QWidget]:
    return lambda window, parent: PlaceholderTab(title, what, parent)


# (tab title, factory) in the order shown
TABS: tuple[tuple[str, Callable[[MainWindow, QWidget], QWidget]], ...] = (
    ("Plan", _plan_page),
    ("Fundamentals", _fundamentals_page),
    ("Peers", _peers_page),
    ("Valuation", _valuation_page),
    ("Catalysts && Risks", _catalysts_page),
    ("Metrics", _metrics_page),
    ("Journal", _journal_page),
)


class MainWindow(QMainWindow):
    """Shows one session: the chart, the tabs, and actions on prices and the plan."""

    def __init__(self, session: Session, price_actions: PriceActions, messages: Messages,
                 services: Services | None = None) -> None:
        super().__init__()
        self.session = session
        self._caught_up = False
        self.price_actions = price_actions
        self.messages = messages
        # Without services (tests, a bare window) the tabs offer no fetch from Yahoo.
        self.services = services or Services(price_actions.runner)
        self.ticker_switch: object = None  # set by kcdesk.app: moves to another ticker's desk
        plan = session.desk.plan
        self.setWindowTitle(f"KC Desk — {plan.ticker} · {plan.name}")
        screen = self.screen().availableGeometry()
        # 1500x900 where it fits; on a small laptop screen, most of the screen
        self.resize(min(1500, int(screen.width() * 0.95)), min(900, int(screen.height() * 0.9)))

        self.chart = ChartView(self)
        self.tabs = LazyTabs(self)
        for title, factory in TABS:
            self.tabs.add_lazy(title, partial(factory, self))
        self.review = ReviewPanel(session, self)  # "since your last review", above the tabs
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.review)
        column.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1050, 450])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.price_label = PriceStatusLabel(self)
        self.message_label = QLabel(self)
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.price_label)

        self._build_actions()
        self._connect_signals()
        show_on_chart(self.chart, session.desk, session.standing, session.prices)
        if session.prices is not None:
            self.price_label.on_prices_changed(session.prices)
        if messages.last is not None:
            self.on_message(messages.last)
        restore_layout(self, ui_settings())  # geometry, splitter, tab, chart range

    @property
    def plan_tab(self) -> QWidget:
        return self.tabs.page("Plan")

    # --- actions ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import prices…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        file_menu.addAction(self.import_action)
        self.import_metrics_action = QAction("Import &metrics…", self)
        file_menu.addAction(self.import_metrics_action)
        self.export_report_action = QAction("Export &report…", self)
        file_menu.addAction(self.export_report_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        # Undo and redo go through the session (a failed write leaves the stack where it was);
        # the actions show the stack's text and state.
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self._show_undo_state()

        view_menu = self.menuBar().addMenu("&View")
        chart_actions = self.chart.chart_actions
        view_menu.addActions(list(chart_actions.ranges.values()))
        view_menu.addSeparator()
        view_menu.addAction(chart_actions.log)
        view_menu.addAction(chart_actions.candles)
        layers_menu = view_menu.addMenu("&Layers")
        layers_menu.addActions(list(chart_actions.layers.values()))
        self.theme_actions = ThemeActions(self)
        view_menu.addSeparator()
        view_menu.addMenu("&Theme").addActions(list(self.theme_actions.actions.values()))

        self.plan_versions = PlanVersionActions(self.session, self)
        self.menuBar().addMenu("P&lan").addActions(self.plan_versions.actions)

        prices_menu = self.menuBar().addMenu("&Prices")
        self.refresh_action = QAction("&Refresh from Yahoo Finance", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        prices_menu.addAction(self.refresh_action)
        prices_menu.addAction(self.import_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        help_menu.addAction(self.shortcuts_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)

    def _connect_signals(self) -> None:
        session, stack = self.session, self.session.undo_stack
        # session -> the views the window itself holds (tabs subscribe themselves)
        session.changed.connect(self.on_desk_changed)
        self.messages.posted.connect(self.on_message)
        # views -> session (proposed edits)
        self.chart.level_edit_proposed.connect(session.propose_level_edit)
        # edit actions -> session; the stack's state -> the actions
        self.undo_action.triggered.connect(session.undo)
        self.redo_action.triggered.connect(session.redo)
        stack.indexChanged.connect(self._show_undo_state)
        stack.cleanChanged.connect(self._show_undo_state)
        # file and price actions
        self.quit_action.triggered.connect(self.close)
        self.refresh_action.triggered.connect(self.price_actions.refresh)
        self.import_action.triggered.connect(self.price_actions.ask_import)
        self.import_metrics_action.triggered.connect(self._import_metrics)
        self.export_report_action.triggered.connect(self._export_report)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        theme.notifier().changed.connect(self.chart.restyle)

    # --- slots -------------------------------------------------------------------------
    def on_desk_changed(self, change: DeskChange) -> None:
        show_on_chart(self.chart, change.desk, change.standing, change.prices, change.parts)
        if change.prices is not None and change.touches(PRICES):
            self.price_label.on_prices_changed(change.prices)

    def on_message(self, message: Message) -> None:
        role = _COLOURS.get(message.level, "")
        theme.set_style(self.message_label, f"color: ${role};" if role else "")
        self.message_label.setText(message.text)

    def _import_metrics(self) -> None:
        from kcdesk.ui.metrics_import import ask_import_metrics  # the CSV reader only when used

        ask_import_metrics(self.session, self, self.services.today())

    def _export_report(self) -> None:
        from kcdesk.ui.report.export_action import ask_export_report  # the report only when used

        ask_export_report(self.session, self)
    def show_shortcuts(self) -> QWidget:
        from kcdesk.ui.shortcuts_dialog import ShortcutsDialog  # made when first asked for

        dialog = ShortcutsDialog(self)
        dialog.show()
        return dialog

    def _show_undo_state(self) -> None:
        stack = self.session.undo_stack
        for action, can, text, word in (
            (self.undo_action, stack.canUndo(), stack.undoText(), "Undo"),
            (self.redo_action, stack.canRedo(), stack.redoText(), "Redo"),
        ):
            action.setEnabled(can)
            action.setText(f"&{word} {text}" if can and text else f"&{word}")

    def showEvent(self, event: object) -> None:  # Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._caught_up:
            # Bars imported while the window was closed get their events logged once the
            # first frame is up (tens of ms on years of bars), not before it.
            self._caught_up = True
            QTimer.singleShot(CATCH_UP_AFTER_MS, self.session.catch_up_events)

    def closeEvent(self, event: object) -> None:  # Qt override
        self.price_actions.cancel()
        save_layout(self, ui_settings())
        super().closeEvent(event)  # type: ignore[arg-type]
