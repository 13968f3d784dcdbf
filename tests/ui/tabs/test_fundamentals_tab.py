"""The Fundamentals tab shows the report's figures in its words, with their sections, uncut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kcdesk.model.desk.desk import RESEARCH
from kcdesk.ui.session import DeskChange
from kcdesk.ui.tabs.fundamentals_tab import FundamentalsTab
from kcdesk.ui.tabs.research_parts import NO_RESEARCH
from tests.ui.tabs.shipped_research import (
    assert_fits,
    check_models,
    column,
    row_of,
    session_on,
    shipped_research,
    tooltip_of,
)

ANNUAL = "Key Operational Metrics — Revenue (Annual, USD)"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()
QUARTERLY = "Key Operational Metrics — Recent Quarterly Performance"


@pytest.fixture
def tab(qtbot: QtBot) -> FundamentalsTab:
    widget = FundamentalsTab(session_on(shipped_research()))
    qtbot.addWidget(widget)
    widget.resize(440, 900)  # the page's width in the window's tabs beside the chart
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _labels(tab: FundamentalsTab) -> str:
    return "\n".join(label.text() for label in tab.findChildren(QLabel))


def test_annual_revenue_is_shown_as_the_report_writes_it(tab: FundamentalsTab) -> None:
    model = tab.tables["annual"].rows_model
    assert column(model, "Year") == ["2021", "2022", "2023", "2024", "TTM (Q3 2025)"]
    # a range stays a range, "≈" and "+~" are kept, the 2021 change is the report's "—"
    assert column(model, "Revenue (USD)") == ["$1.42B", "$1.17B", "$0.99B", "$1.07–1.08B",
                                              "≈$1.25B"]
    assert column(model, "YoY change") == ["—", "-17%", "-15%", "+7%", "+~17%"]
    assert tab.revenue_chart is not None
    assert tab.revenue_chart.texts == column(model, "Revenue (USD)")


def test_a_cells_tooltip_names_its_section_and_every_other_statement(
    tab: FundamentalsTab,
) -> None:
    tip = tooltip_of(tab.tables["annual"].rows_model, "TTM (Q3 2025)", "Revenue (USD)")
    assert f"Report section: {ANNUAL}" in tip
    assert "$1.25B — Competitive Landscape — Comparative Snapshot (TTM 2025)" in tip
    assert "around $1.25B — 7.3 TAM & Penetration" in tip
    qtip = tooltip_of(tab.tables["quarters"].rows_model, "Revenue (RMB)", "Q2 2025")
    assert f"Report section: {QUARTERLY}" in qtip


def test_recent_quarters_keep_ranges_and_open_ends(tab: FundamentalsTab) -> None:
    model = tab.tables["quarters"].rows_model
    assert row_of(model, "Revenue (RMB)") == {
        "Metric": "Revenue (RMB)", "Q4 2024": "Modest growth", "Q1 2025": "RMB 1.97B",
        "Q2 2025": "RMB 2.35–2.65B", "Q3 2025": "RMB 2.48B",
    }
    assert row_of(model, "AI gross billings YoY")["Q2 2025"] == "+>150%"
    assert row_of(model, "AI gross billings (RMB)")["Q3 2025"] == "RMB 782M"
    assert row_of(model, "Public cloud YoY")["Q3 2025"] == "+49%"
    assert row_of(model, "Gross margin")["Q4 2024"] == "18.2%"
    assert row_of(model, "Non-GAAP operating margin")["Q4 2024"] == "+1.1%"
    assert row_of(model, "Adjusted net profit (RMB)")["Q3 2025"] == "RMB 28.7M"
    # what a quarter does not state is a dash that says so
    assert row_of(model, "Gross margin")["Q3 2025"] == "—"
    assert "not stated for Q3 2025" in tooltip_of(model, "Gross margin", "Q3 2025")


def test_margins_returns_balance_sheet_cash_and_the_raise(tab: FundamentalsTab) -> None:
    margins = tab.tables["margins"].rows_model
    assert row_of(margins, "Gross margin 2023")["Also stated as"] == "12.1%"
    assert row_of(margins, "Gross margin 2024")["Also stated as"] == "17.2%"
    assert row_of(margins, "Gross margin 2025 YTD")["As stated"] == "~15–16%"
    assert row_of(margins, "GAAP net margin (TTM)")["As stated"] == "~-20–25%"
    assert row_of(margins, "Return on equity (TTM)")["As stated"] == "~-15.5%"
    assert row_of(margins, "Return on assets (TTM)")["As stated"] == "~-2.2%"
    balance = tab.tables["balance_sheet"].rows_model
    assert row_of(balance, "Total assets (RMB)")["As stated"] == "~RMB 17.6B"
    assert row_of(balance, "Current ratio") == {
        "Figure": "Current ratio", "As stated": "0.94", "Also stated as": "below 1.0"}
    cash = tab.tables["cash_flow"].rows_model
    assert column(cash, "As stated") == ["≈ $465M", "≈ 8.7x"]
    raise_ = tab.tables["equity_raise"].rows_model
    assert column(raise_, "As stated") == ["HK$2.8B", "≈US$360M", "338M", "80%", "20%"]
    assert column(tab.tables["customers"].rows_model, "As stated") == ["~26%"]


def test_notes_and_management_are_shown_in_full(tab: FundamentalsTab) -> None:
    text = _labels(tab)
    assert "Tao Zou, Acting CEO and vice-chairman" in text
    assert "Yi Li, CFO (since 2024–25)" in text
    assert "80% of proceeds to AI infrastructure" in text
    assert "~26% of revenue in 1H 2025" in text


def test_sorting_revenue_orders_the_years_by_value(tab: FundamentalsTab) -> None:
    view = tab.tables["annual"]
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    shown = [view.model().index(r, 0).data() for r in range(5)]
    # $0.99B < $1.07–1.08B (its low end) < $1.17B < $1.25B < $1.42B
    assert shown == ["2023", "2024", "2022", "TTM (Q3 2025)", "2021"]


def test_copy_gives_the_table_as_tab_separated_text(tab: FundamentalsTab) -> None:
    text = tab.tables["annual"].copy_text()
    assert text.splitlines()[:3] == [
        "Year\tRevenue (USD)\tYoY change", "2021\t$1.42B\t—", "2022\t$1.17B\t-17%"]


def test_every_model_is_a_well_behaved_qt_model(tab: FundamentalsTab, qtmodeltester) -> None:
    check_models(tab.tables, qtmodeltester, 8)


def test_no_number_is_cut_at_the_tabs_width(tab: FundamentalsTab) -> None:
    assert_fits(tab, tab.tables)


def test_a_desk_with_no_research_says_so(qtbot: QtBot) -> None:
    widget = FundamentalsTab(session_on(None))
    qtbot.addWidget(widget)
    assert not widget.showing_research
    assert widget.no_research.text() == NO_RESEARCH
    assert widget.tables == {}


def test_the_tab_is_rebuilt_when_the_research_changes(tab: FundamentalsTab) -> None:
    session = tab._session
    old = tab.tables["annual"]
    # No session method swaps the research yet (it comes with the ticker); the tab still
    # follows a change that names it.
    session.changed.emit(DeskChange(frozenset({RESEARCH}), session.desk, session.standing, None))
    assert tab.tables["annual"] is not old
    assert tab.showing_research
