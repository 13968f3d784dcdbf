"""The report's plan sections: where the close stands, the plan's levels, the sizer and ladder."""

from __future__ import annotations

from kcdesk.model import fmt
from kcdesk.model.desk.standing import Standing
from kcdesk.model.plan import Plan
from kcdesk.model.position_plan import PositionPlan
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.report.html_parts import esc, para, section, sub, table
from kcdesk.ui.tables import Cell, cell
from kcdesk.ui.tabs.ladder_panel import HEADERS as LADDER_HEADERS
from kcdesk.ui.tabs.ladder_panel import money_range, tranche_cells
from kcdesk.ui.tabs.plan_tab import plan_rows, standing_html
from kcdesk.ui.tabs.position_sizer import LIMITS, TARGET_HEADERS

SAMPLE_LABEL = "SAMPLE PRICES — NOT MARKET DATA"


def sample_banner(prices: PriceSeries | None) -> str:
    """The red line every price-based section carries when the prices are the shipped sample."""
    if prices is None or not prices.is_sample:
        return ""
    return para(f"{SAMPLE_LABEL}: generated for the demo; refresh or import real prices "
                "before acting on any figure computed from them.", "sample")


def standing_section(prices: PriceSeries | None, standing: Standing) -> str:
    """Where the last close stands against each level, and the last 30 days' events."""
    return section("Where the close stands", standing_html(prices, standing))


def plan_section(plan: Plan) -> str:
    """Every plan item as the report writes it, with its note and section."""
    rows = [(Cell(item), Cell(value + (f"\n{note}" if note else "")), Cell(where))
            for item, value, note, where in plan_rows(plan)]
    notes = "".join(f"<li>{esc(n)}</li>" for n in plan.technical_notes)
    return section(
        "The plan: zones, stops and targets",
        table(("Item", "Plan", "Report section"), rows),
        sub("Technical notes (report)", f"<ul>{notes}</ul>") if notes else "",
    )


def _sizer(p: PositionPlan) -> str:
    r, cur = p.sizing, p.inputs.currency
    i = r.inputs
    inputs = [
        ("Account size", fmt.money(i.account_size, cur)),
        ("Cash available", fmt.money(i.cash_available, cur)),
        ("Allocation cap", fmt.pct(float(i.allocation_cap_pct), 2)),
        ("Risk per trade", fmt.pct(float(i.risk_per_trade_pct), 2)),
        ("Entry", fmt.money(i.entry.low, cur) if not i.entry.is_zone
         else f"{fmt.money(i.entry.low, cur)}–{fmt.money(i.entry.high, cur)}"),
        ("Stop", f"{fmt.money(r.stop_price, cur)}"
         + (f" ({i.stop.value}% below the fill)" if i.stop.kind == "pct_below_entry" else "")),
        ("Fees per order", fmt.money(i.fees_per_order, cur)),
    ]
    budgets = {"risk": fmt.money(i.risk_budget, cur) + " at risk",
               "allocation": fmt.money(i.allocation_budget, cur) + " invested",
               "cash": fmt.money(i.cash_available, cur) + " cash"}
    shares = {"risk": r.shares_risk, "allocation": r.shares_cap, "cash": r.shares_cash}
    limits = [(cell(name), cell(budgets[kind]), cell(f"{shares[kind]:,}", number=True),
               cell("binding" if kind == r.binding else "", colour="good"))
              for kind, name in LIMITS]
    targets = [(cell(t.label), cell(fmt.money(t.price, cur), number=True),
                cell(fmt.money(t.reward, cur), number=True),
                cell(fmt.r_multiple(t.r_multiple), number=True),
                cell(fmt.multiple(None if t.reward_risk is None else float(t.reward_risk), 2),
                     number=True))
               for t in r.targets]
    origin = ("your sizer inputs" if p.stored
              else "the report's limits on an example account (nothing typed in the sizer yet)")
    warnings = "".join(para(f"⚠ {w.text}", "missing") for w in r.warnings)
    return sub(
        "Position sizer",
        para(f"From {origin}."),
        table(("Input", "Value"), [(Cell(k), Cell(v)) for k, v in inputs]),
        table(("Limit", "Budget", "Shares", ""), limits),
        f"<p><b>Position: {r.shares:,} shares</b> at {esc(fmt.money(r.fill, cur))} · money at "
        f"risk {esc(fmt.money(r.money_at_risk, cur))} · position value "
        f"{esc(fmt.money(r.position_value, cur))} · "
        f"{esc(fmt.pct(float(r.pct_of_account), 2))} of the account</p>",
        table(TARGET_HEADERS, targets),
        warnings,
        para(f"Beta {fmt.range_value(p.beta)}: {p.beta_note}", "src") if p.beta_note else "",
    )


def _ladder(p: PositionPlan) -> str:
    fees = p.inputs.fees_per_order
    rows = [tuple(Cell(text, number=n > 1) for n, text in enumerate(tranche_cells(t, fees)))
            for t in p.ladder.tranches]
    t = p.totals
    origin = "your ladder" if p.ladder_stored else "the plan's entries, sized from the inputs"
    return sub(
        "Entry ladder",
        para(f"From {origin}."),
        table(LADDER_HEADERS, rows),
        f"<p><b>All filled:</b> {t.shares:,} shares · cost {esc(money_range(t.cost))} · "
        f"average cost {esc(money_range(t.average_cost))} · risk if every stop is hit "
        f"{esc(money_range(t.risk))} <span class='src'>(ranges: every fill at its zone's "
        "bottom … top)</span></p>",
        "".join(para(f"⚠ {w.text}", "missing") for w in t.warnings),
    )


def position_section(position: PositionPlan | None) -> str:
    """The sizer's inputs, limits and result, and the entry ladder with its totals."""
    if position is None:
        return section("Position plan", para("No position plan."))
    return section("Position plan and ladder", _sizer(position), _ladder(position))
