"""The Valuation tab: the report's figures as written, inputs edited in place, Fill from Yahoo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.prices.service import sample_series
from kcdesk.data.store import Store
from kcdesk.data.yahoo_info import YahooInfoError, proposals_from_info
from kcdesk.model.desk.desk import Desk
from kcdesk.model.document import PlanDocument
from kcdesk.model.valuation.edits import InputValue, SetValuationInputs
from kcdesk.ui.messages import Messages
from kcdesk.ui.services import Services
from kcdesk.ui.session import Session
from kcdesk.ui.tables import RowsModel, table_tsv
from kcdesk.ui.tabs.valuation_models import InputsTable
from kcdesk.ui.tabs.valuation_tab import ValuationTab
from kcdesk.ui.tasks import TaskRunner
from tests.ui.desk_fakes import FakeStore
from tests.ui.test_main_window import open_window

TOOLTIP = Qt.ItemDataRole.ToolTipRole
# Yahoo's facts for KC as Ticker.info gives them (round, made-up figures): ADRs counted as
# ADRs (market cap / price = 264M), debt and cash in USD.
INFO = {"sharesOutstanding": 264e6, "marketCap": 264e6 * 12.6, "currentPrice": 12.6,
        "totalDebt": 500e6, "totalCash": 700e6, "financialCurrency": "USD"}
FETCHED = date(2026, 11, 30)


@pytest.fixture(scope="module")
def document() -> PlanDocument:
    return load_shipped_document("KC")


def make_session(document: PlanDocument, store: Any = None, given: bool = False) -> Session:
    desk = Desk(document.plan)
    if given:
        desk = SetValuationInputs(document.research, (
            InputValue("adrs_m", "264"), InputValue("net_debt_musd", "-200"))).apply(desk)
    return Session(desk, document.research, store or FakeStore(), Messages(), sample_series())


def make_tab(qtbot: QtBot, session: Session, fetch: Any = None) -> ValuationTab:
    tab = ValuationTab(session, Services(TaskRunner(), fetch_valuation_facts=fetch,
                                         today=lambda: FETCHED))
    qtbot.addWidget(tab)
    return tab


def texts(model: Any) -> str:
    return table_tsv(model)


def cell_of(model: InputsTable, name: str) -> QModelIndex:
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            if model.input_name(r, c) == name:
                return model.index(r, c)
    raise KeyError(name)


def test_the_report_figures_appear_as_written(qtbot: QtBot, document: PlanDocument) -> None:
    tab = make_tab(qtbot, make_session(document))
    multiples = texts(tab.multiples)
    for written in ("~3.2–3.9x", "~2.5–2.7x", "N/M (transitional)", "≈ 8.7x",
                    "~3.5–3.8x / ~3.6–3.9x"):  # P/B: both of the report's statements
        assert written in multiples
    scenarios = texts(tab.scenario_model)
    for written in ("10–12%", "~5–6%", "~4–5%", "12–13%", "~18%", "~11%", "20–22%", "10–11%"):
        assert written in scenarios
    analysts = texts(tab.analysts)
    for written in ("ValueInvesting.io", "$18.10", "~45%", "MarketBeat", "$10.6–24", "~39%",
                    "Zacks", "$4.9–20.4", "~25%"):
        assert written in analysts
    # recomputed from the sample close $12.60: 18.1 / 12.6 − 1 = +43.7 % → "+44%"
    assert "+44% (average)" in analysts
    assert "Base revenue (USD millions)\t1,250\treport" in texts(tab.inputs_model)


def test_until_the_inputs_are_given_it_names_what_is_missing(qtbot: QtBot,
                                                             document: PlanDocument) -> None:
    tab = make_tab(qtbot, make_session(document))
    assert "ADRs outstanding (millions)" in tab.missing_label.text()
    assert "Net debt (USD millions)" in tab.missing_label.text()
    assert tab.results.isHidden() and tab.values.rowCount() == 0
    assert "missing — yours to give" in texts(tab.inputs_model)


def test_given_inputs_show_each_scenario_as_a_range(qtbot: QtBot, document: PlanDocument) -> None:
    tab = make_tab(qtbot, make_session(document, given=True))
    assert not tab.results.isHidden()
    values = texts(tab.values)
    # bear and bull are ranges over their corners; base, point inputs, is one value
    # (base: ΣPV 753.7 + PV(TV) 2185.0 = EV 2938.7, + 200 net cash, ÷ 264 ADRs = $11.89)
    assert "Bear\t$3.34–$4.65\t8" in values
    assert "Base\t$11.89\t1" in values
    assert "Bull\t$15.17–$20.20\t8" in values
    assert "⚠ above 75%" in values.splitlines()[3]  # bull draws > 75 % of its EV from the TV
    assert "$3.68B" in texts(tab.cases) and "$11.89" in tab.formula.text()
    assert tab.years.rowCount() == 5
    assert "yours" in texts(tab.inputs_model)


def test_an_edit_persists_across_a_restart(qtbot: QtBot, data_dir: Path) -> None:
    paths = app_paths(data_dir).ensure()
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store)
        window.tabs.setCurrentIndex(window.tabs.indexOf(window.tabs.page("Valuation")))
        tab = window.tabs.page("Valuation")
        assert isinstance(tab, ValuationTab)
        model = tab.scenario_model
        assert model.setData(cell_of(model, "bear.wacc_pct"), "13–14%")
        window.close()
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store)
        tab = window.tabs.page("Valuation")
        index = cell_of(tab.scenario_model, "bear.wacc_pct")
        assert index.data() == "13–14%"  # still a range
        assert "yours" in index.data(TOOLTIP)


@pytest.mark.parametrize(("name", "typed", "reason"), [
    ("bear.wacc_pct", "3%", "above the terminal growth"),  # WACC ≤ g (3 %)
    ("adrs_m", "-5", "above zero"),  # a negative share count
    ("bull.operating_margin_pct", "120%", "above 100%"),
    ("base.revenue_cagr_pct", "lots", "not a number"),
])
def test_invalid_edits_are_refused_in_place(qtbot: QtBot, document: PlanDocument, name: str,
                                            typed: str, reason: str) -> None:
    store = FakeStore()
    session = make_session(document, store)
    tab = make_tab(qtbot, session)
    model = tab.inputs_model if "." not in name else tab.scenario_model
    index = cell_of(model, name)
    assert not model.setData(index, typed)
    assert index.data() == typed  # the typed text is kept …
    assert reason in index.data(TOOLTIP)  # … with the reason
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    label = tab.inputs_error if model is tab.inputs_model else tab.scenario_error
    assert reason in label.text()
    assert store.commits == [] and session.desk.valuation == ()  # nothing else changed


def test_a_cell_edit_is_one_undo_step(qtbot: QtBot, document: PlanDocument) -> None:
    store = FakeStore()
    session = make_session(document, store, given=True)
    tab = make_tab(qtbot, session)
    index = cell_of(tab.scenario_model, "base.wacc_pct")
    assert tab.scenario_model.setData(index, "12%")
    assert len(store.commits) == 1 and session.undo_stack.count() == 1
    # WACC 11 % → 12 %: PV of FCF 147.5/1.12 + 174.05/1.12² + 205.38/1.12³ + 242.35/1.12⁴
    # + 285.97/1.12⁵ = 732.9; TV 285.97 × 1.03 / 0.09 = 3272.8, discounted 1857.0; EV 2590.0,
    # + 200 net cash = 2790.0, ÷ 264 ADRs = $10.57
    assert "Base\t$10.57" in texts(tab.values)
    assert session.undo()
    assert index.data() == "~11%" and index.data(TOOLTIP).endswith("report")
    assert "Base\t$11.89" in texts(tab.values)


def test_every_model_passes_the_model_tester(qtbot: QtBot, document: PlanDocument,
                                             qtmodeltester: Any) -> None:
    tab = make_tab(qtbot, make_session(document, given=True), fetch=lambda *a: None)
    tab.yahoo.on_fetched(proposals_from_info("KC", INFO, tab.valuation.inputs, FETCHED))
    models = [tab.inputs_model, tab.scenario_model, tab.yahoo.model, tab.peers.model,
              *(m for m in tab.findChildren(RowsModel))]
    for model in models:
        qtmodeltester.check(model)


def _fill(qtbot: QtBot, tab: ValuationTab) -> None:
    tab.yahoo.button.click()
    qtbot.waitUntil(lambda: tab.yahoo.button.isEnabled(), timeout=5000)


def test_fill_from_yahoo_proposes_and_writes_only_what_is_accepted(
        qtbot: QtBot, document: PlanDocument) -> None:
    store = FakeStore()
    session = make_session(document, store)
    asked: list[str] = []

    def fetch(ticker: str, inputs: Any, today: date) -> Any:
        asked.append(ticker)
        return proposals_from_info(ticker, INFO, inputs, today)

    tab = make_tab(qtbot, session, fetch)
    _fill(qtbot, tab)
    assert asked == ["KC"]
    assert "fetched 2026-11-30" in tab.yahoo.status.text()
    assert store.commits == []  # proposed, not written
    tab.yahoo.model.item(1, 0).setCheckState(Qt.CheckState.Unchecked)  # not the net debt
    tab.yahoo.accept_ticked.click()
    assert [n for n, _ in session.desk.valuation] == ["adrs_m"]
    entry = session.desk.valuation[0][1]
    assert (entry.value, entry.source, entry.as_of) == (264.0, "yahoo", FETCHED)
    assert "Yahoo Finance, 2026-11-30" in texts(tab.inputs_model)
    _fill(qtbot, tab)
    tab.yahoo.accept_all.click()
    # net debt = total debt 500M − total cash 700M = −200M (net cash)
    assert dict(session.desk.valuation)["net_debt_musd"].value == -200.0
    assert len(store.commits) == 2 and not tab.results.isHidden()


def test_declining_yahoo_writes_nothing(qtbot: QtBot, document: PlanDocument) -> None:
    store = FakeStore()
    session = make_session(document, store)
    tab = make_tab(qtbot, session, lambda t, i, d: proposals_from_info(t, INFO, i, d))
    _fill(qtbot, tab)
    tab.yahoo.decline.click()
    assert store.commits == [] and session.desk.valuation == ()
    assert "Declined" in tab.yahoo.status.text() and tab.yahoo.review.isHidden()


def test_offline_says_so_in_the_tab(qtbot: QtBot, document: PlanDocument) -> None:
    def offline(ticker: str, inputs: Any, today: date) -> Any:
        raise YahooInfoError("network", ticker, "no route to host")

    tab = make_tab(qtbot, make_session(document), offline)
    _fill(qtbot, tab)
    assert "Could not get KC's figures from Yahoo Finance (network)" in tab.yahoo.status.text()
    assert tab.yahoo.review.isHidden()


def test_without_a_fetch_the_button_says_it_is_unavailable(qtbot: QtBot,
                                                           document: PlanDocument) -> None:
    tab = make_tab(qtbot, make_session(document))
    assert not tab.yahoo.button.isEnabled()
    assert "not available" in tab.yahoo.button.toolTip()


def test_the_grid_marks_cells_at_or_above_the_last_close(qtbot: QtBot,
                                                         document: PlanDocument) -> None:
    tab = make_tab(qtbot, make_session(document, given=True))
    assert tab.selected_scenario() == "base"
    grid = tab.grid
    # base at WACC 11 %, CAGR 18 % is its own $11.89, below the $12.60 close: not marked;
    # at WACC 8 % the same CAGR is worth more than the close: marked.
    row11 = next(r for r in range(grid.rowCount()) if grid.cell_at(r, 0).text == "11.0%")
    col18 = next(c for c in range(grid.columnCount()) if grid.headerData(
        c, Qt.Orientation.Horizontal) == "18.0%")
    assert grid.cell_at(row11, col18).text == "$11.89"
    assert grid.cell_at(0, col18).text.endswith("●") and grid.cell_at(0, 0).text == "8.0%"
    tab.scenario_pick.setCurrentIndex(0)
    assert tab.cases.rowCount() == 8  # bear: 2 CAGR × 2 FCF margin × 2 WACC ends
    assert tab.grid_note.text().startswith("Bear scenario")
