"""The report's HTML: the plan's figures, valuation or what it lacks, trigger states, labels."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.ui.report.chart_image import chart_png
from kcdesk.ui.report.document import ReportContent, report_html
from tests.ui.report.conftest import MADE_AT, Shipped, with_valuation_inputs


def html_of(s: Shipped, png: bytes = b"") -> str:
    return report_html(ReportContent(s.desk, s.research, s.prices, s.standing, png, MADE_AT))


def text_of(page: str) -> str:
    """The words a reader sees: the head (CSS) and tags dropped, entities read, spaces single."""
    body = page.split("<body>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_shipped_plan_zones_targets_and_stops_are_in_the_report(shipped: Shipped) -> None:
    text = text_of(html_of(shipped))
    for figure in ("~$10–12", "~$8–9", "~$10–11", "above $15–16 on volume >40% above average",
                   "10–20% below entry", "$16–19", "$18–23", "$25+", "~$14–15 from $10–11"):
        assert figure in text, figure
    # the sizer on the report's example account: 1% cap of $100,000 at a $12 fill is 83 shares
    assert "Position: 83 shares" in text


def test_the_missing_valuation_inputs_are_named_and_the_three_scenarios_shown(
        shipped: Shipped) -> None:
    text = text_of(html_of(shipped))
    assert ("missing inputs: ADRs outstanding (millions), Net debt (USD millions)" in text)
    for row in ("Bear", "Base", "Bull"):
        assert f" {row} " in text
    assert "10–12%" in text and "12–13%" in text  # bear: revenue CAGR and WACC as the report
    assert "DCF steps" not in text  # nothing valued without them


def test_with_the_inputs_given_every_scenario_is_valued_with_its_dcf_steps(
        shipped: Shipped) -> None:
    text = text_of(html_of(with_valuation_inputs(shipped)))
    assert "missing inputs" not in text
    for key in ("Bear", "Base", "Bull"):
        assert f"{key} scenario — DCF steps" in text
    # base (point inputs): ΣPV 753.7 + PV(TV) 2185.0 = EV 2938.7, + 200 net cash, ÷ 264 ADRs
    assert "$11.89 per ADR" in text
    assert "Terminal value = FCF_5" in text  # the formula written out under the years


def test_each_trigger_rule_is_listed_with_its_state(shipped: Shipped) -> None:
    text = text_of(html_of(shipped))
    states = {r.kind: r.state for r in shipped.standing.triggers}
    assert states == {"add": "not met", "trim": "not met", "upgrade": "not enough data",
                      "downgrade": "not enough data"}
    for kind, state in states.items():
        assert re.search(rf"{kind}\s+{state}", text), (kind, state)


def test_sample_prices_are_labelled_and_real_ones_are_not(shipped: Shipped) -> None:
    sample = text_of(html_of(shipped))
    assert "SAMPLE PRICES — NOT MARKET DATA" in sample
    # the valuation's upsides and the journal's P&L read the close: each says so where shown
    assert "SAMPLE PRICES, NOT MARKET DATA: the upsides" in sample
    assert "Sample prices — not market data." in sample
    real = replace(shipped, prices=replace(shipped.prices, is_sample=False, source="yfinance"))
    assert "sample prices" not in text_of(html_of(real)).lower()


def test_the_as_of_dates_of_prices_and_figures_are_given(shipped: Shipped) -> None:
    text = text_of(html_of(shipped))
    assert "last bar 2025-11-28" in text  # the shipped sample's last bar
    assert "known by 2025-09-30" in text  # the end of the report's latest quarter, Q3 2025
    assert "Report made 2025-12-01 09:30" in text


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_the_chart_is_embedded_as_a_png_data_uri(qtbot: QtBot, shipped: Shipped) -> None:
    png = chart_png(shipped.desk, shipped.standing, shipped.prices, "1Y")
    html = html_of(shipped, png)
    (data,) = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    assert base64.b64decode(data) == png
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_without_prices_there_is_no_chart_and_the_report_says_so(shipped: Shipped) -> None:
    empty = replace(shipped, prices=replace(shipped.prices, frame=shipped.prices.frame.iloc[:0],
                                            is_sample=False))
    text = text_of(html_of(empty))
    assert "No chart: there are no prices to draw." in text
    assert "No prices yet" in text


def test_the_journal_summary_lists_the_trades_and_the_result(shipped: Shipped) -> None:
    from decimal import Decimal

    from kcdesk.model.journal import Journal, Trade

    journal = Journal((
        Trade(1, date(2025, 3, 3), "buy", 100, Decimal("11.00"), initial_stop=Decimal("9.00")),
        Trade(2, date(2025, 4, 1), "sell", 100, Decimal("14.00")),
    ))  # fmt: skip
    text = text_of(html_of(replace(shipped, desk=replace(shipped.desk, journal=journal))))
    # 100 × ($14 − $11) = $300 realised; risk was $11 − $9 = $2 a share, so +3 / 2 = 1.50R
    assert "Trades (2)" in text
    assert "2025-04-01 sell 100 $14.00" in text
    assert "realised $300.00" in text and "1.50R" in text
