"""Moving the window between tickers' desks: the ticker switcher, Ctrl+K, and File ▸ New plan…,
Import plan… and Export plan….

Switching builds the new ticker's desk afresh from the store (its own session, prices from its
own price cache, its own undo stack) in a window put where the old one was, which then closes:
one store, one window on screen. Each ticker's chart view (range, log scale, candles, layers) is
kept per ticker in the store's settings (UI state only) and put back when it is opened again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QMainWindow, QMessageBox

from kcdesk.data import json_out
from kcdesk.data.document_json import document_to_json
from kcdesk.data.documents import SHIPPED_FILES, DocumentError, load_effective_document
from kcdesk.data.plan_import import PlanExistsError, has_plan, import_plan, new_plan, read_plan_file
from kcdesk.data.store import StoreError
from kcdesk.model.desk.edits import ReplacePlan
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError
from kcdesk.ui.chart.chart_view import ChartView

VIEW_SETTING = "chart_view.{ticker}"  # a store setting per ticker: that desk's chart view
# Windows opened by a switch: held here (a top-level window needs an owner) until closed.
_open: set[QMainWindow] = set()


def view_state(chart: ChartView) -> dict[str, Any]:
    """What the chart shows: its range, log scale, candles and each layer's visibility."""
    actions = chart.chart_actions
    return {
        "range": next((n for n, a in actions.ranges.items() if a.isChecked()), None),
        "log": actions.log.isChecked(),
        "candles": actions.candles.isChecked(),
        "layers": {layer: chart.layer_visible(layer) for layer in chart.layers()},
    }


def apply_view_state(chart: ChartView, state: object) -> None:
    """Put back a saved view; anything unknown or malformed in it is skipped (UI state only)."""
    if not isinstance(state, dict):
        return
    layers = state.get("layers")
    if isinstance(layers, dict):
        for layer, on in layers.items():
            if layer in chart.layers() and isinstance(on, bool):
                chart.set_layer_visible(layer, on)
    if isinstance(state.get("log"), bool):
        chart.set_log_scale(state["log"])
    if isinstance(state.get("candles"), bool):
        chart.set_candles(state["candles"])
    if state.get("range") in chart.chart_actions.ranges:
        chart.set_range(state["range"])


class TickerSwitch(QObject):
    """The window's ticker combo, Ctrl+K and the New/Import/Export plan actions."""

    def __init__(self, window: Any, store: Any, build: Callable[[str], Any]) -> None:
        super().__init__(window)
        self.window, self.store, self._build = window, store, build
        self.ticker = window.session.desk.ticker
        self.new_action = QAction("&New plan…", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.import_action = QAction("Import &plan…", self)
        self.export_action = QAction("&Export plan…", self)
        self.quick_action = QAction("&Open plan…", self)
        self.quick_action.setShortcut(QKeySequence("Ctrl+K"))
        menu = window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        for action in (self.new_action, self.quick_action, self.import_action,
                       self.export_action):
            menu.insertAction(first, action)
        if first is not None:
            menu.insertSeparator(first)
        window.addAction(self.quick_action)  # Ctrl+K works wherever the focus is
        self.combo = QComboBox(window)
        self.combo.setToolTip("The desk shown: your plans and the shipped ones (Ctrl+K)")
        self.combo.addItems(self.tickers())
        self.combo.setCurrentText(self.ticker)
        toolbar = window.addToolBar("Tickers")
        toolbar.setObjectName("ticker-toolbar")
        toolbar.addWidget(self.combo)
        self.combo.activated.connect(lambda i: self.switch_to(self.combo.itemText(i)))
        self.new_action.triggered.connect(self.ask_new_plan)
        self.quick_action.triggered.connect(self.ask_quick_open)
        self.import_action.triggered.connect(self.ask_import)
        self.export_action.triggered.connect(self.ask_export)
        apply_view_state(window.chart, self._setting(VIEW_SETTING.format(ticker=self.ticker)))
        window.installEventFilter(self)

    # --- the tickers ----------------------------------------------------------------------
    def tickers(self) -> list[str]:
        """The user's plans and the shipped ones, in alphabetical order."""
        stored = self.store.plan_tickers() if hasattr(self.store, "plan_tickers") else []
        return sorted({*SHIPPED_FILES, *stored, self.ticker})

    def switch_to(self, ticker: str) -> Any:
        """Show `ticker`'s desk in this window's place; the new window, or None if refused."""
        ticker = normalize_ticker(ticker)
        if ticker == self.ticker:
            return self.window
        self.save_view()
        try:
            new = self._build(ticker)
        except (DocumentError, StoreError) as exc:  # this window stays, as it was
            self.window.messages.error(f"Cannot open {ticker}: {exc}")
            self.combo.setCurrentText(self.ticker)
            return None
        new.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _open.add(new)
        new.destroyed.connect(lambda _=None, w=new: _open.discard(w))
        new.setGeometry(self.window.geometry())
        new.show()
        self.window.close()
        return new

    def save_view(self) -> None:
        """Keep this ticker's chart view in the store for the next time it is opened."""
        try:
            self.store.set_setting(VIEW_SETTING.format(ticker=self.ticker),
                                   view_state(self.window.chart))
        except Exception as exc:  # only the view is lost; never block a switch or a close
            self.window.messages.warning(f"Could not keep the chart view of {self.ticker} ({exc})")

    def _setting(self, key: str) -> object:
        return self.store.get_setting(key) if hasattr(self.store, "get_setting") else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save_view()
        return False

    # --- new, import, export ------------------------------------------------------------------
    def create_plan(self, ticker: str, name: str, from_kc: bool) -> str:
        """Create a plan and switch to it: "" when done, else the problem to show."""
        try:
            plan = new_plan(self.store, ticker, name, "KC" if from_kc else None)
        except (PlanError, PlanExistsError) as exc:
            return str(exc)
        except Exception as exc:  # a store failure: nothing was created
            return f"Could not create the plan ({exc}); nothing was changed"
        self.switch_to(plan.ticker)
        return ""

    def ask_new_plan(self) -> None:
        from kcdesk.ui.plan_dialogs import NewPlanDialog  # the dialogs only when used

        NewPlanDialog(self.create_plan, self.window).exec()

    def ask_quick_open(self) -> None:
        from kcdesk.ui.plan_dialogs import QuickOpenDialog

        dialog = QuickOpenDialog(self.tickers(), self.ticker, self.window)
        if dialog.exec() and (chosen := dialog.chosen()) is not None:
            self.switch_to(chosen)

    def import_file(self, path: Path, confirm: Callable[[str], bool]) -> bool:
        """Import the plan in `path`: a new ticker is created and opened; an existing one is
        replaced only if `confirm(question)` says so (this ticker's, as one undoable edit)."""
        try:
            plan = read_plan_file(path)
            exists = has_plan(self.store, plan.ticker)
        except (DocumentError, PlanError) as exc:
            QMessageBox.warning(self.window, "Plan not imported", f"{exc}\n\nNothing was changed.")
            self.window.messages.error(f"Plan not imported — {exc}")
            return False
        if exists and not confirm(f"{plan.ticker} has a plan already. Replace it with the plan "
                                  f"in {path.name}?"):
            return False
        if plan.ticker == self.ticker:
            return self.window.session.propose([ReplacePlan(plan)], f"Import plan from {path.name}")
        try:
            import_plan(self.store, plan, replace_existing=exists)
        except Exception as exc:
            self.window.messages.error(f"Could not import the plan ({exc}); nothing was changed")
            return False
        return self.switch_to(plan.ticker) is not None

    def ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Import plan", "",
                                              "Plan files (*.json);;All files (*)")
        if name:
            self.import_file(Path(name), self._confirm)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, "Replace the plan?", question)
        return answer == QMessageBox.StandardButton.Yes

    def export_file(self, path: Path) -> bool:
        """Write this ticker's plan document (as `kcdesk export-plan` prints it) to `path`."""
        try:
            document = load_effective_document(self.store, self.ticker)
            path.write_text(json_out.dumps(document_to_json(document)) + "\n", encoding="utf-8")
        except (OSError, DocumentError) as exc:
            self.window.messages.error(f"Could not export the plan ({exc})")
            return False
        self.window.messages.info(f"Exported the {self.ticker} plan to {path}")
        return True

    def ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export plan", f"{self.ticker}_plan.json", "Plan files (*.json)"
        )
        if name:
            self.export_file(Path(name))
