"""The Valuation tab: multiples, inputs, the DCF step by step, sensitivity, reverse DCF, targets.

Everything shown is read off the session's standing (`Standing.valuation`); nothing here
computes a value. Edits go through the two editable models (valuation_models).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.desk.desk import PRICES, RESEARCH, Part
from kcdesk.model.valuation.inputs import LABELS
from kcdesk.model.valuation.owned import entry_text
from kcdesk.model.valuation.standing import ValuationStanding
from kcdesk.ui import theme
from kcdesk.ui.services import Services
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable, RowsModel
from kcdesk.ui.tabs import valuation_rows as rows
from kcdesk.ui.tabs.fitted import fit_height, heading, note
from kcdesk.ui.tabs.peer_implied_panel import PeerImpliedPanel
from kcdesk.ui.tabs.valuation_models import REFUSED, ScalarInputsModel, ScenarioModel
from kcdesk.ui.tabs.valuation_yahoo import YahooFill


class ValuationTab(QWidget):
    """Everything of the valuation on one scrolling page; follows the session itself."""

    def __init__(self, session: Session, services: Services, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._session = session
        self._shown: dict[int, rows.Rows] = {}  # model -> the rows it shows
        self.page = QWidget()
        self._layout = QVBoxLayout(self.page)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._build_inputs(services)
        self._build_results()
        session.changed.connect(self.on_desk_changed)
        self.refresh()

    # --- construction ------------------------------------------------------------------
    def _table(self, model: RowsModel | ScalarInputsModel | ScenarioModel, *, sortable: bool = True
               ) -> CopyableTable:
        table = CopyableTable(model, self.page, sortable=sortable)
        self._layout.addWidget(table)
        return table

    def _show(self, table: CopyableTable, model: RowsModel, new: rows.Rows) -> None:
        """Put `new` in `model` unless it shows that already (an edit leaves most tables as
        they were); the table's height follows its row count."""
        if self._shown.get(id(model)) == new:
            return
        count = model.rowCount()
        model.set_rows(new)
        self._shown[id(model)] = new
        if model.rowCount() != count or table.maximumHeight() > 100_000:
            fit_height(table)

    def _add(self, widget: QWidget) -> QWidget:
        self._layout.addWidget(widget)
        return widget

    def _build_inputs(self, services: Services) -> None:
        s = self._session
        self.close_label = note("", self.page)
        self._add(self.close_label)
        self.multiples = RowsModel(rows.MULTIPLES_HEADERS, parent=self)
        if s.research is not None:
            self._add(heading("Current multiples (report)", self.page))
            self.multiples.set_rows(rows.multiples_rows(s.research))
            fit_height(self._table(self.multiples))
        self._add(heading("Your inputs", self.page))
        self._add(note("ADRs, shares per ADR, net debt and the RMB rate are not in the report: "
                       "they are yours to give (blue: yours). Type a value and press Enter; "
                       "clear a cell to go back to the report's value.", self.page))
        self.inputs_model = ScalarInputsModel(s)
        self.inputs_table = self._table(self.inputs_model, sortable=False)
        self.inputs_error = note("", self.page, colour=REFUSED)
        self._add(self.inputs_error)
        self.yahoo = YahooFill(s, services, self.page)
        self._add(self.yahoo)
        self._add(heading("Scenarios (report: 9B; edit any cell, a range stays a range)",
                          self.page))
        self.scenario_model = ScenarioModel(s)
        self.scenario_table = self._table(self.scenario_model, sortable=False)
        self.scenario_error = note("", self.page, colour=REFUSED)
        self._add(self.scenario_error)
        self.inputs_model.refused.connect(self.inputs_error.setText)
        self.scenario_model.refused.connect(self.scenario_error.setText)

    def _build_results(self) -> None:
        self.missing_label = note("", self.page, colour=REFUSED)
        self._add(self.missing_label)
        self.results = QWidget(self.page)
        self._add(self.results)
        keep, self._layout = self._layout, QVBoxLayout(self.results)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._add(heading("Value per ADR (lowest–highest over each scenario's cases)", self.page))
        self.values = RowsModel(rows.VALUES_HEADERS, parent=self)
        self.values_table = self._table(self.values)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("DCF steps and sensitivity of the scenario:", self.page))
        self.scenario_pick = QComboBox(self.page)
        pick.addWidget(self.scenario_pick)
        pick.addStretch(1)
        self._layout.addLayout(pick)
        self.cases = RowsModel(rows.CASES_HEADERS, parent=self)
        self.cases_table = self._table(self.cases)
        self.years = RowsModel(rows.YEARS_HEADERS, parent=self)
        self._add(note("Years of the case selected above (the first, until you pick one):",
                       self.page))
        self.years_table = self._table(self.years)
        self.formula = note("", self.page)
        self._add(self.formula)
        self._add(heading("Sensitivity: value per ADR over WACC × revenue CAGR", self.page))
        self.grid_note = note("", self.page)
        self._add(self.grid_note)
        self.grid = RowsModel(("WACC",), parent=self)
        self.grid_table = CopyableTable(self.grid, self.page, sortable=False)
        self._add(self.grid_table)
        self._add(heading("Reverse DCF: the revenue CAGR the last close implies", self.page))
        self.reverse = RowsModel(rows.REVERSE_HEADERS, parent=self)
        self.reverse_table = self._table(self.reverse)
        self.peers = PeerImpliedPanel(self._session, self.page)
        self._add(self.peers)
        self._layout = keep
        self._add(heading("Analyst targets (report) and the upside from the last close",
                          self.page))
        self.analysts = RowsModel(rows.ANALYST_HEADERS, parent=self)
        self.analysts_table = self._table(self.analysts)
        self._layout.addStretch(1)
        self.scenario_pick.currentIndexChanged.connect(lambda _i: self._show_scenario())
        self.cases_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_years(cur.row()))

    # --- following the session -----------------------------------------------------------
    def on_desk_changed(self, change: DeskChange) -> None:
        if change.touches(Part.VALUATION, RESEARCH, PRICES) or not change.parts:
            self.refresh()

    @property
    def valuation(self) -> ValuationStanding | None:
        return self._session.standing.valuation

    def refresh(self) -> None:
        """Show the standing's valuation: the inputs always; numbers once nothing is missing."""
        v = self.valuation
        count = self.scenario_model.rowCount()
        self.inputs_model.refresh()
        self.scenario_model.refresh()
        if self.inputs_table.maximumHeight() > 100_000:  # not fitted yet
            fit_height(self.inputs_table)
        if self.scenario_table.maximumHeight() > 100_000 or count != \
                self.scenario_model.rowCount():
            fit_height(self.scenario_table)
        self._show_close(v)
        if v is None or not v.ready:
            why = "No valuation for this ticker." if v is None else v.error or (
                "No value per ADR yet — missing: "
                + ", ".join(LABELS.get(n, n) for n in v.missing)
                + ". Give them above (or Fill from Yahoo Finance).")
            self.missing_label.setText(why)
            self.missing_label.show()
            self.results.hide()
        else:
            self.missing_label.hide()
            self.results.show()
            self._show(self.values_table, self.values, rows.values_rows(v.scenarios,
                                                                        v.last_close))
            scenarios = v.inputs.scenarios if v.inputs else ()
            own: dict[str, str] = {s.key: entry_text(s.revenue_cagr_pct) for s in scenarios}
            self._show(self.reverse_table, self.reverse, rows.reverse_rows(v.reverse, own))
            keys = [s.key for s in v.scenarios]
            if [self.scenario_pick.itemData(i) for i in range(self.scenario_pick.count())] != keys:
                self.scenario_pick.blockSignals(True)
                self.scenario_pick.clear()
                for k in keys:
                    self.scenario_pick.addItem(k.capitalize(), k)
                self.scenario_pick.setCurrentIndex(min(1, len(keys) - 1))
                self.scenario_pick.blockSignals(False)
            self._show_scenario()
        self._show(self.analysts_table, self.analysts,
                   rows.analyst_rows(v.analysts) if v is not None else [])

    def _show_close(self, v: ValuationStanding | None) -> None:
        prices = self._session.prices
        if v is None or v.last_close is None or prices is None:
            self.close_label.setText("No last close: the reverse DCF and the upsides need prices.")
            return
        when = f"{prices.frame.index[-1]:%Y-%m-%d}"
        sample = prices.is_sample
        self.close_label.setText(f"Last close {fmt.price(v.last_close)} on {when}"
                                 + (" — sample prices, not market data" if sample else ""))
        theme.set_style(self.close_label, "color: $error; font-weight: bold;" if sample else "")

    def selected_scenario(self) -> str:
        return str(self.scenario_pick.currentData() or "")

    def _show_scenario(self) -> None:
        v = self.valuation
        if v is None or not v.ready:
            return
        key = self.selected_scenario()
        value = next((s for s in v.scenarios if s.key == key), None)
        self._show(self.cases_table, self.cases, rows.cases_rows(value) if value else [])
        self._show_years(0)
        grid = v.grid(key)
        if grid is not None:
            headers = rows.grid_headers(grid)
            if headers != self.grid.headers:  # the columns follow the scenario's CAGR axis
                old, self.grid = self.grid, RowsModel(headers, parent=self)
                self.grid_table.setModel(self.grid)
                old.deleteLater()
            self._show(self.grid_table, self.grid, rows.grid_rows(grid))
            close = "no last close to mark against" if grid.last_close is None else \
                f"green ● at or above the last close {fmt.price(grid.last_close)}; amber " \
                "straddles it (over the FCF margin's ends)"
            self.grid_note.setText(f"{key.capitalize()} scenario, its FCF margin held; {close}.")

    def _show_years(self, row: int) -> None:
        v = self.valuation
        value = None if v is None else next(
            (s for s in v.scenarios if s.key == self.selected_scenario()), None)
        if value is None or not value.cases:
            return
        proxy = self.cases_table.proxy
        source = proxy.mapToSource(proxy.index(max(row, 0), 0)).row() if proxy else row
        case = value.cases[max(source, 0)]
        self._show(self.years_table, self.years, rows.years_rows(case))
        self.formula.setText(rows.case_formula(case))
