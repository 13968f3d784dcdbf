"""The report's research sections: fundamentals, peers, and valuation with every DCF step."""

from __future__ import annotations

from kcdesk.model import fmt
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.model.valuation.dcf import ScenarioValue
from kcdesk.model.valuation.inputs import LABELS, SCALAR_FIELDS, input_of
from kcdesk.model.valuation.standing import ValuationStanding
from kcdesk.model.values import PlanError
from kcdesk.ui.report.html_parts import para, section, sub, table
from kcdesk.ui.tables import Cell
from kcdesk.ui.tabs import valuation_rows as rows
from kcdesk.ui.tabs.fundamentals_tab import annual_rows, quarter_rows
from kcdesk.ui.tabs.peer_implied_panel import HEADERS as PEER_IMPLIED_HEADERS
from kcdesk.ui.tabs.peer_implied_panel import peer_rows
from kcdesk.ui.tabs.peers_tab import competitor_rows, snapshot_rows
from kcdesk.ui.tabs.research_parts import FIGURE_HEADERS, figures_rows
from kcdesk.ui.tabs.valuation_models import (
    SCENARIO_HEADERS,
    SCENARIO_LABELS,
    input_text,
    source_text,
)

NO_RESEARCH = "No research for this ticker: the report's figures are not there to show."


def fundamentals_section(research: Research | None) -> str:
    """Revenue by year and quarter, growth, margins, returns, balance sheet and cash flow."""
    if research is None:
        return section("Fundamentals", para(NO_RESEARCH))
    fund = research.fundamentals
    return section(
        "Fundamentals (as the report states them)",
        sub("Annual revenue (USD)", table(("Year", "Revenue (USD)", "YoY change"),
                                          annual_rows(fund))),
        sub("Recent quarters", table(("Metric", *(q.label for q in fund.quarters)),
                                     quarter_rows(fund.quarters))),
        sub("Growth", table(FIGURE_HEADERS, figures_rows(fund.growth))),
        sub("Margins and returns", table(FIGURE_HEADERS,
                                         figures_rows((*fund.margins, *fund.returns)))),
        sub("Balance sheet and liquidity", table(FIGURE_HEADERS,
                                                 figures_rows(fund.balance_sheet))),
        sub("Cash flow", table(FIGURE_HEADERS, figures_rows(fund.cash_flow))),
    )


def peers_section(research: Research | None, valuation: ValuationStanding | None) -> str:
    """The comparison snapshot, the competitors, the takeaways and the peer-implied values."""
    if research is None:
        return section("Peers", para(NO_RESEARCH))
    peers = research.peers
    snap = peers.snapshot
    implied = (table(PEER_IMPLIED_HEADERS, peer_rows(valuation.peers))
               if valuation is not None and valuation.peers else
               para("Needs the valuation inputs (see Valuation).", "missing"))
    takeaways = "".join(f"<li>{para(t.text)}</li>" for t in peers.takeaways)
    return section(
        "Peers",
        sub(snap.title, table(("Metric", *snap.columns), snapshot_rows(snap))),
        sub("Competitors", table(("Competitor", "Ticker", "Note"), competitor_rows(research))),
        sub("What the report concludes", f"<ul>{takeaways}</ul>") if takeaways else "",
        sub("KC's value at each peer's multiple", implied),
    )


def _inputs(v: ValuationStanding) -> str:
    if v.inputs is None:
        return ""
    scalars = [(Cell(LABELS.get(n, n)), Cell(input_text(n, input_of(v.inputs, n)) or "—"),
                Cell(source_text(input_of(v.inputs, n)))) for n in SCALAR_FIELDS]
    scenarios = [(Cell(SCENARIO_LABELS.get(s.key, s.key)),
                  *(Cell(input_text(n, getattr(s, n)), number=True) for n in
                    ("revenue_cagr_pct", "operating_margin_pct", "fcf_margin_pct", "wacc_pct")))
                 for s in v.inputs.scenarios]
    return (sub("Inputs", table(("Input", "Value", "Source"), scalars))
            + sub("Scenarios", table(SCENARIO_HEADERS, scenarios)))


def _steps(value: ScenarioValue) -> str:
    """Every case of the scenario, and the year-by-year steps of its lowest and highest."""
    lowest = min(value.cases, key=lambda c: c.value_per_adr)
    highest = max(value.cases, key=lambda c: c.value_per_adr)
    ends = [("The", lowest)] if lowest is highest else [("Lowest", lowest), ("Highest", highest)]
    worked = "".join(
        para(f"{which} case ({fmt.price(c.value_per_adr)} per ADR):")
        + table(rows.YEARS_HEADERS, rows.years_rows(c)) + para(rows.case_formula(c), "src")
        for which, c in ends)
    return sub(f"{value.key.capitalize()} scenario — DCF steps",
               table(rows.CASES_HEADERS, rows.cases_rows(value)), worked)


def _close_line(v: ValuationStanding, prices: PriceSeries | None) -> str:
    if v.last_close is None or prices is None or prices.frame.empty:
        return para("No last close: the reverse DCF and the upsides need prices.", "src")
    text = f"Last close {fmt.price(v.last_close)} on {prices.frame.index[-1]:%Y-%m-%d}"
    if prices.is_sample:
        return para(f"{text} — SAMPLE PRICES, NOT MARKET DATA: the upsides and the reverse "
                    "DCF below are computed from it.", "sample")
    return para(text + ".")


def valuation_section(research: Research | None, v: ValuationStanding | None,
                      prices: PriceSeries | None = None) -> str:
    """Inputs and scenarios; then values, DCF steps, reverse DCF — or what is missing."""
    if v is None:
        return section("Valuation", para("No valuation for this ticker."))
    parts = [_close_line(v, prices), _inputs(v)]
    if research is not None:
        try:
            multiples = table(rows.MULTIPLES_HEADERS, rows.multiples_rows(research))
        except PlanError:  # a report without KC's multiples: the section goes without them
            multiples = ""
        parts.append(sub("Multiples", multiples) if multiples else "")
    if v.error:
        parts.append(para(v.error, "missing"))
    elif v.missing:
        names = ", ".join(LABELS.get(n, n) for n in v.missing)
        parts.append(para(f"No value per ADR yet — missing inputs: {names}. Give them in the "
                          "Valuation tab (or fill them from Yahoo Finance).", "missing"))
    else:
        parts.append(sub("Value per ADR", table(rows.VALUES_HEADERS,
                                                rows.values_rows(v.scenarios, v.last_close))))
        parts.extend(_steps(s) for s in v.scenarios)
        if v.reverse and v.inputs is not None:
            own: dict[str, str] = {s.key: input_text("revenue_cagr_pct", s.revenue_cagr_pct)
                   for s in v.inputs.scenarios}
            parts.append(sub("Reverse DCF", table(rows.REVERSE_HEADERS,
                                                  rows.reverse_rows(v.reverse, own))))
    if v.analysts:
        parts.append(sub("Analyst targets", table(rows.ANALYST_HEADERS,
                                                  rows.analyst_rows(v.analysts))))
    return section("Valuation", *parts)
