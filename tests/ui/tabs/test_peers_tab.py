"""The Peers tab: KC against GDS and VNET as stated, ranges drawn as ranges, N/M as words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from kcdesk.model.desk.desk import RESEARCH
from kcdesk.ui.session import DeskChange
from kcdesk.ui.tabs.peers_tab import PeersTab
from kcdesk.ui.tabs.range_bars import RangeBarChart
from kcdesk.ui.tabs.research_parts import NO_RESEARCH, value_parts
from tests.ui.tabs.shipped_research import (
    assert_fits,
    check_models,
    column,
    row_of,
    session_on,
    shipped_research,
    tooltip_of,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()
SNAPSHOT = "Competitive Landscape — Comparative Snapshot (TTM 2025)"
MULTIPLES = "9A. Relative Valuation — Key Multiples"


@pytest.fixture
def tab(qtbot: QtBot) -> PeersTab:
    widget = PeersTab(session_on(shipped_research()))
    qtbot.addWidget(widget)
    widget.resize(440, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _chart(tab: PeersTab, title: str) -> RangeBarChart:
    (chart,) = [c for c in tab.charts if c.title == title]
    return chart


def test_the_snapshot_is_shown_cell_by_cell_as_written(tab: PeersTab) -> None:
    model = tab.tables["snapshot"].rows_model
    assert model.headers == ("Metric", "KC", "GDS", "VNET")
    assert row_of(model, "Revenue (TTM, USD)") == {
        "Metric": "Revenue (TTM, USD)", "KC": "$1.25B", "GDS": "$1.46B", "VNET": "$1.25B"}
    assert row_of(model, "EV/Revenue") == {
        "Metric": "EV/Revenue", "KC": "~3.2–3.9x", "GDS": "~7.3–7.7x", "VNET": "~4.3x"}
    assert row_of(model, "P/S")["VNET"] == "~2.0–2.3x"
    assert row_of(model, "EV/EBITDA")["KC"] == "N/M (transitional)"
    assert row_of(model, "Revenue Growth (Latest YoY)")["KC"] == "~31% (Q3 25)"
    assert row_of(model, "Net Margin") == {
        "Metric": "Net Margin", "KC": "Negative (~-20–25%)", "GDS": "Positive, improving",
        "VNET": "Mixed; improving but volatile"}


def test_a_snapshot_cell_tells_where_else_the_report_states_it(tab: PeersTab) -> None:
    tip = tooltip_of(tab.tables["snapshot"].rows_model, "EV/Revenue", "GDS")
    assert f"Report section: {SNAPSHOT}" in tip
    assert "~7–8x — Executive Summary" in tip
    assert f"~7–7.7x — {MULTIPLES}" in tip


def test_figures_stated_differently_show_every_statement_with_its_section(
    tab: PeersTab,
) -> None:
    model = tab.tables["stated_twice"].rows_model
    rows = [tuple(model.cell_at(r, c).text for c in range(3)) for r in range(model.rowCount())]
    assert [r[1:] for r in rows if r[0] == "GDS EV/Revenue (TTM)"] == [
        ("~7–8x", "Executive Summary"), ("~7.3–7.7x", SNAPSHOT), ("~7–7.7x", MULTIPLES)]
    assert [r[1:] for r in rows if r[0] == "KC P/B"] == [
        ("~3.5–3.8x", "Executive Summary"), ("~3.6–3.9x", MULTIPLES)]


def test_ranges_are_bars_single_values_dots_and_nm_is_words_not_drawn(tab: PeersTab) -> None:
    assert [c.title for c in tab.charts] == [
        "Revenue (TTM, USD)", "EV/Revenue", "P/S", "EV/EBITDA", "Revenue Growth (Latest YoY)",
        "Net Margin"]
    assert _chart(tab, "EV/Revenue").drawn == [
        ("KC", "bar", 3.2, 3.9), ("GDS", "bar", 7.3, 7.7), ("VNET", "dot", 4.3, 4.3)]
    assert _chart(tab, "EV/EBITDA").drawn == [
        ("KC", "text", None, None), ("GDS", "bar", 13, 15), ("VNET", "bar", 14, 15)]
    assert "N/M (transitional)" in _chart(tab, "EV/EBITDA").texts
    assert _chart(tab, "Net Margin").drawn == [
        ("KC", "bar", -25, -20), ("GDS", "text", None, None), ("VNET", "text", None, None)]
    assert _chart(tab, "Net Margin").texts == [
        "Negative (~-20–25%)", "Positive, improving", "Mixed; improving but volatile"]


def test_the_five_competitors_and_the_takeaways_are_listed(tab: PeersTab) -> None:
    model = tab.tables["competitors"].rows_model
    assert column(model, "Competitor") == [
        "Alibaba Cloud", "Huawei Cloud", "Tencent Cloud", "GDS Holdings", "VNET Group"]
    assert column(model, "Ticker") == ["BABA", "private", "TCEHY", "GDS", "VNET"]
    assert row_of(model, "Alibaba Cloud")["Note"] == (
        "dominant IaaS/PaaS provider in China with ~30–40% share")
    labels = "\n".join(label.text() for label in tab.findChildren(QLabel))
    assert "<b>Growth:</b> KC is currently growing faster than GDS/VNET" in labels
    assert "full-stack public/enterprise cloud + AI provider" in labels


def test_sorting_a_multiple_orders_the_rows_by_value(tab: PeersTab) -> None:
    view = tab.tables["stated_twice"]
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    top = [view.model().index(r, 1).data() for r in range(3)]
    # the largest statements: >30% and ~31% (Q3 25) and +31.4% are 30, 31 and 31.4
    assert top == ["+31.4%", "~31% (Q3 25)", ">30%"]


def test_copy_gives_tab_separated_text(tab: PeersTab) -> None:
    lines = tab.tables["snapshot"].copy_text().splitlines()
    assert lines[0] == "Metric\tKC\tGDS\tVNET"
    assert lines[4] == "EV/EBITDA\tN/M (transitional)\t~13–15x\t~14–15x"


def test_every_model_is_a_well_behaved_qt_model(tab: PeersTab, qtmodeltester) -> None:
    check_models(tab.tables, qtmodeltester, 3)


def test_no_number_is_cut_and_the_page_does_not_scroll_sideways(tab: PeersTab) -> None:
    assert_fits(tab, tab.tables)


def test_the_peer_implied_slot_is_empty_and_keeps_what_is_put_in_it(tab: PeersTab) -> None:
    slot = tab.peer_implied_slot
    assert isinstance(slot, QVBoxLayout) and slot.count() == 0
    panel = QLabel("peer-implied price panel")
    slot.addWidget(panel)
    session = tab._session
    session.changed.emit(DeskChange(frozenset({RESEARCH}), session.desk, session.standing, None))
    assert tab.peer_implied_slot.count() == 1
    assert tab.peer_implied_slot.itemAt(0).widget() is panel


def test_a_desk_with_no_research_says_so(qtbot: QtBot) -> None:
    widget = PeersTab(session_on(None))
    qtbot.addWidget(widget)
    assert not widget.showing_research
    assert widget.no_research.text() == NO_RESEARCH


@pytest.mark.parametrize(("text", "kept_whole"), [
    ("~31% (Q3 25)", ["~31% (Q3 25)"]),  # a value and its qualifier stay on one line
    ("RMB 2.35–2.65B", ["RMB 2.35–2.65B"]),
    ("Negative (~-20–25%)", ["Negative", "(~-20–25%)"]),  # the words may wrap, not the value
])
def test_what_of_a_value_cell_may_wrap(text: str, kept_whole: list[str]) -> None:
    assert value_parts(text) == kept_whole
