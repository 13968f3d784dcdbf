"""The valuation on the chart: scenario and peer-implied bands, once the inputs exist."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_shipped_document
from kcdesk.model.desk.desk import Desk
from kcdesk.model.prices import PriceSeries
from kcdesk.model.valuation.edits import InputValue, SetValuationInputs
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.desk_on_chart import show_on_chart
from kcdesk.ui.chart.valuation_bands import PEERS, SCENARIOS
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tables import table_tsv
from kcdesk.ui.tabs.peer_implied_panel import PeerImpliedPanel
from tests.ui.desk_fakes import FakeStore


@pytest.fixture
def session(sample: PriceSeries) -> Session:
    doc = load_shipped_document("KC")
    return Session(Desk(doc.plan), doc.research, FakeStore(), Messages(), sample)


def _wire(view: ChartView, session: Session) -> None:
    show_on_chart(view, session.desk, session.standing, session.prices)
    session.changed.connect(
        lambda c: show_on_chart(view, c.desk, c.standing, c.prices, c.parts))


def _give(session: Session) -> None:
    assert session.propose([SetValuationInputs(session.research, (
        InputValue("adrs_m", "264"), InputValue("net_debt_musd", "-200")))], "inputs")


def _labels(view: ChartView) -> list[str]:
    return [s.text for s in view.valuation_layers.label_specs()]


def test_bands_appear_once_the_inputs_exist_and_follow_an_edit(
        view: ChartView, session: Session) -> None:
    _wire(view, session)
    assert view.valuation_layers.shapes() == []  # ADRs and net debt not given yet
    _give(session)
    keys = [s.key for s in view.valuation_layers.shapes()]
    assert keys == ["dcf.bear", "dcf.base", "dcf.bull", "peer.GDS", "peer.VNET"]
    labels = _labels(view)
    assert "Bear DCF $3.34–$4.65" in labels and "Base DCF $11.89" in labels
    # VNET ~4.3x: (1250 × 4.3 + 200 net cash) / 264 = $21.12; GDS over its three statements
    # ~7–8x / ~7.3–7.7x / ~7–7.7x: (1250 × 7 + 200) / 264 = $33.90 to (1250 × 8 + 200) / 264
    assert "At VNET's EV/Revenue $21.12" in labels
    assert "At GDS's EV/Revenue $33.90–$38.64" in labels
    base = next(s for s in view.valuation_layers.shapes() if s.key == "dcf.base")
    assert base.high is None and base.low == pytest.approx(11.889, abs=0.001)  # one value: a line
    session.undo()
    assert view.valuation_layers.shapes() == []


def test_each_band_layer_can_be_hidden(view: ChartView, session: Session) -> None:
    _wire(view, session)
    _give(session)
    view.chart_actions.layers[SCENARIOS].setChecked(False)
    assert [s.key for s in view.valuation_layers.shapes()] == ["peer.GDS", "peer.VNET"]
    view.set_layer_visible(PEERS, False)
    assert view.valuation_layers.shapes() == [] and _labels(view) == []


def test_the_peer_implied_panel_gives_a_range_per_statement(qtbot: QtBot, session: Session
                                                            ) -> None:
    panel = PeerImpliedPanel(session)
    qtbot.addWidget(panel)
    assert "Missing: ADRs outstanding (millions), Net debt (USD millions)" in panel.status.text()
    _give(session)
    text = table_tsv(panel.model)
    # GDS ~7.3–7.7x: (1250 × 7.3 + 200) / 264 = $35.32 to (1250 × 7.7 + 200) / 264 = $37.22
    assert "GDS\t~7.3–7.7x\t$35.32–$37.22\t" \
           "Competitive Landscape — Comparative Snapshot (TTM 2025)" in text
    assert "VNET\t~4.3x" in text and "$21.12" in text
