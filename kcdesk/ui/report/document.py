"""The whole report as one HTML text: the chart, then every section, with the as-of dates."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.metrics import report_logged_on
from kcdesk.model.desk.standing import Standing
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.ui.report.html_parts import esc, page, pairs, para, section
from kcdesk.ui.report.plan_sections import (
    SAMPLE_LABEL,
    plan_section,
    position_section,
    sample_banner,
    standing_section,
)
from kcdesk.ui.report.research_sections import (
    fundamentals_section,
    peers_section,
    valuation_section,
)
from kcdesk.ui.report.tracking_sections import (
    catalysts_section,
    journal_section,
    metrics_section,
)


@dataclass(frozen=True)
class ReportContent:
    """What one report is made from: the desk, its research, prices and standing, the chart."""

    desk: Desk
    research: Research | None
    prices: PriceSeries | None
    standing: Standing
    chart_png: bytes  # the chart with the plan drawn; b"" for none
    made_at: dt.datetime  # when the report was made (local time, shown as written)
    range_name: str = "1Y"


def _prices_as_of(prices: PriceSeries | None) -> str:
    if prices is None or prices.frame.empty:
        return "no prices"
    source = f"{SAMPLE_LABEL} (the shipped sample)" if prices.is_sample else prices.source
    text = f"last bar {prices.frame.index[-1]:%Y-%m-%d}; source: {source}"
    if prices.as_of is not None:
        text += f"; fetched {prices.as_of:%Y-%m-%d %H:%M} UTC"
    return text


def as_of_rows(c: ReportContent) -> list[tuple[str, str]]:
    """(what, as of when) for the prices, the report's figures and the user's records."""
    rows = [("Prices", _prices_as_of(c.prices))]
    if c.research is not None:
        rows.append(("Report figures", "known by " + f"{report_logged_on(c.research):%Y-%m-%d}"
                     " (the end of the report's latest quarter)"))
    log = c.desk.metric_log
    if log is not None and log.entries:
        rows.append(("Metric log", f"last logged {max(e.logged_on for e in log.entries):%Y-%m-%d}"))
    if c.desk.last_review is not None:
        rows.append(("Last review", f"{c.desk.last_review:%Y-%m-%d}"))
    rows.append(("Report made", f"{c.made_at:%Y-%m-%d %H:%M}"))
    return rows


def _chart(c: ReportContent) -> str:
    if not c.chart_png:
        return para("No chart: there are no prices to draw.", "missing")
    data = base64.b64encode(c.chart_png).decode("ascii")
    caption = f"{c.desk.ticker}, {c.range_name}, with the plan's zones, stops and targets drawn."
    if c.prices is not None and c.prices.is_sample:
        caption += f" {SAMPLE_LABEL}."
    return (f"<p><img src='data:image/png;base64,{data}' width='640' alt='chart'></p>"
            + para(caption, "sample" if c.prices is not None and c.prices.is_sample else "src"))


def report_html(c: ReportContent) -> str:
    """The report: self-contained HTML (CSS inline, the chart a data: URI)."""
    plan, standing = c.desk.plan, c.standing
    body = "".join((
        f"<h1>{esc(plan.name)} ({esc(c.desk.ticker)}) — position report</h1>",
        sample_banner(c.prices),
        section("As of", pairs(as_of_rows(c))),
        section("Chart", _chart(c)),
        standing_section(c.prices, standing),
        plan_section(plan),
        position_section(standing.position),
        fundamentals_section(c.research),
        peers_section(c.research, standing.valuation),
        valuation_section(c.research, standing.valuation, c.prices),
        catalysts_section(c.desk, c.research),
        metrics_section(c.desk, c.research, standing),
        journal_section(standing, c.prices),
    ))
    return page(f"{c.desk.ticker} — KC Desk report", body)
