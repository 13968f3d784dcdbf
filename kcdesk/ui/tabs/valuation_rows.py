"""The Valuation tab's read-only tables as rows of cells: multiples, values, DCF steps, grid."""

from __future__ import annotations

from kcdesk.model import fmt
from kcdesk.model.research import Research
from kcdesk.model.valuation.dcf import TERMINAL_HEAVY_PCT, DcfCase, ScenarioValue
from kcdesk.model.valuation.peer_implied import AnalystUpside
from kcdesk.model.valuation.reverse import ReverseScenario
from kcdesk.model.valuation.sensitivity import SensitivityGrid
from kcdesk.model.values import Figure, RangeValue
from kcdesk.ui.tables import Cell, cell

Rows = list[tuple[Cell, ...]]
FLAG, GOOD, AMBER = "error", "good", "warning"  # theme roles
MULTIPLES_HEADERS = ("Multiple", "KC, as the report states it", "Where")
VALUES_HEADERS = ("Scenario", "Value per ADR", "Cases", "Terminal value share of EV",
                  "Against the last close")
# the case's value and terminal share before its steps: on a narrow tab they stay in view
CASES_HEADERS = ("Revenue CAGR", "FCF margin", "WACC", "Value per ADR", "Terminal share",
                 "Terminal value", "PV(terminal)", "Enterprise value", "Equity value")
YEARS_HEADERS = ("Year", "Revenue", "FCF", "PV of FCF")
REVERSE_HEADERS = ("Scenario", "Revenue CAGR at the last close", "Scenario's own CAGR", "Note")
ANALYST_HEADERS = ("Source", "Average target", "Target range", "Upside (report)",
                   "Upside from the last close")
# (row label, multiples-table row, or a figure key) in the order the tab lists them
MULTIPLES = (("P/S (TTM)", "ps_ttm"), ("EV/Revenue (TTM)", "ev_revenue_ttm"), ("P/B", "kc_pb"),
             ("EV/EBITDA", "ev_ebitda"), ("EV/FCF (TTM)", "ev_fcf"))


def _stated(figure: Figure) -> Cell:
    """Every distinct statement of a figure, with its sections in the tooltip."""
    texts: list[str] = []
    for s in figure.statements:
        if s.text not in texts:
            texts.append(s.text)
    tip = "\n".join(f"{s.text} — {s.section}" for s in figure.statements)
    colour = AMBER if len(texts) > 1 else ""
    return Cell(" / ".join(texts), figure.value.low, tip, True, colour)


def multiples_rows(research: Research) -> Rows:
    """KC's current multiples as the report states them (two statements: both shown)."""
    table = research.valuation.multiples
    rows: Rows = []
    for label, key in MULTIPLES:
        if any(r.key == key for r in table.rows):
            c = table.cell(key, table.columns[0])
            figure, where = c.figure, table.section
            value = Cell(c.text, None, table.section, True) if figure is None else _stated(figure)
        else:
            figure = research.figure(key)
            value, where = _stated(figure), figure.section
        if figure is not None and value.colour:
            where = "stated differently: " + "; ".join(s.section for s in figure.statements)
        rows.append((cell(label), value, cell(where, where)))
    return rows


def per_adr(low: float | None, high: float | None) -> str:
    """A value per ADR as a range ("$3.34–$4.65"), a point where the ends agree to the cent."""
    if low is None or high is None:
        return "—"
    lo, hi = fmt.price(low), fmt.price(high)
    return lo if lo == hi else f"{lo}{fmt.DASH}{hi}"


def _pct_range(values: list[float]) -> str:
    low, high = min(values), max(values)
    if abs(high - low) < 0.05:
        return fmt.pct(low)
    return fmt.range_value(RangeValue(round(low, 1), round(high, 1), "pct"))


def _against(v: ScenarioValue, close: float | None) -> Cell:
    if close is None:
        return cell("no last close")
    if v.low >= close:
        return cell(f"at or above {fmt.price(close)}", colour=GOOD)
    if v.high >= close:
        return cell(f"straddles {fmt.price(close)}", colour=AMBER)
    return cell(f"below {fmt.price(close)}")


def values_rows(values: tuple[ScenarioValue, ...], close: float | None
                ) -> Rows:
    """Each scenario's value per ADR as a range (never an average), and its terminal share."""
    rows: Rows = []
    for v in values:
        shares = [c.terminal_share_pct for c in v.cases if c.terminal_share_pct is not None]
        share = _pct_range(shares) if shares else "—"
        heavy = v.terminal_heavy
        rows.append((
            cell(v.key.capitalize()),
            cell(per_adr(v.low, v.high), sort=v.low, number=True),
            cell(len(v.cases), "each combination of the ends of the scenario's ranges"),
            cell(share + (f"  ⚠ above {fmt.pct(TERMINAL_HEAVY_PCT, 0)}" if heavy else ""),
                 "most of the value is in the terminal value" if heavy else "",
                 sort=max(shares, default=0.0), number=True, colour=FLAG if heavy else ""),
            _against(v, close),
        ))
    return rows


def _musd(x: float) -> Cell:
    return cell(fmt.money_short(x * 1e6), sort=x, number=True)


def cases_rows(value: ScenarioValue) -> Rows:
    """Every case of a scenario with each step: TV, PV(TV), EV, equity, value per ADR."""
    rows: Rows = []
    for c in value.cases:
        i = c.inputs
        heavy = c.terminal_heavy
        rows.append((
            cell(fmt.pct(i.revenue_cagr_pct), sort=i.revenue_cagr_pct, number=True),
            cell(fmt.pct(i.fcf_margin_pct), sort=i.fcf_margin_pct, number=True),
            cell(fmt.pct(i.wacc_pct), sort=i.wacc_pct, number=True),
            cell(fmt.price(c.value_per_adr), sort=c.value_per_adr, number=True),
            cell(fmt.pct(c.terminal_share_pct) + (" ⚠" if heavy else ""),
                 f"above {fmt.pct(TERMINAL_HEAVY_PCT, 0)} of the EV" if heavy else "",
                 sort=c.terminal_share_pct or 0.0, number=True, colour=FLAG if heavy else ""),
            _musd(c.terminal_value_musd),
            _musd(c.pv_terminal_musd),
            _musd(c.enterprise_value_musd),
            _musd(c.equity_value_musd),
        ))
    return rows


def years_rows(case: DcfCase) -> Rows:
    """revenue_t, FCF_t and PV_t for t = 1 … N."""
    return [(cell(y.year), _musd(y.revenue_musd), _musd(y.fcf_musd), _musd(y.pv_musd))
            for y in case.years]


def case_formula(case: DcfCase) -> str:
    """The case's steps in words, for the line under its years table."""
    i = case.inputs
    return (f"revenue_t = {fmt.money_short(i.base_revenue_musd * 1e6)} × (1 + "
            f"{fmt.pct(i.revenue_cagr_pct)})^t; FCF_t = revenue_t × {fmt.pct(i.fcf_margin_pct)}; "
            f"PV_t = FCF_t / (1 + {fmt.pct(i.wacc_pct)})^t. Terminal value = FCF_{i.years} × "
            f"(1 + {fmt.pct(i.terminal_growth_pct)}) / (WACC − g) = "
            f"{fmt.money_short(case.terminal_value_musd * 1e6)}, discounted to "
            f"{fmt.money_short(case.pv_terminal_musd * 1e6)}. EV "
            f"{fmt.money_short(case.enterprise_value_musd * 1e6)} − net debt "
            f"{fmt.money_short(i.net_debt_musd * 1e6)} = equity "
            f"{fmt.money_short(case.equity_value_musd * 1e6)}; ÷ {fmt.number(i.adrs_m)}M ADRs = "
            f"{fmt.price(case.value_per_adr)} per ADR.")


def grid_headers(grid: SensitivityGrid) -> tuple[str, ...]:
    return ("WACC ↓ / revenue CAGR →", *(fmt.pct(c) for c in grid.cagr_pcts))


def grid_rows(grid: SensitivityGrid) -> Rows:
    """One row per WACC; a cell at or above the last close is green, one straddling it amber."""
    colours = {"at_or_above": GOOD, "straddles": AMBER}
    words = {"at_or_above": "at or above the last close", "straddles": "straddles the last close",
             "below": "below the last close"}
    rows: Rows = []
    for wacc, cells in zip(grid.wacc_pcts, grid.cells, strict=True):
        out = [cell(fmt.pct(wacc), sort=wacc, number=True)]
        for g in cells:
            mark = "" if g.mark is None else g.mark
            text = per_adr(g.low, g.high) + (" ●" if mark == "at_or_above" else "")
            out.append(cell(text, words.get(mark, ""), sort=g.low, number=True,
                            colour=colours.get(mark, "")))
        rows.append(tuple(out))
    return rows


def reverse_rows(reverse: tuple[ReverseScenario, ...], own: dict[str, str]
                 ) -> Rows:
    """The revenue CAGR that makes each scenario worth the last close (a range over corners)."""
    rows: Rows = []
    for r in reverse:
        if r.low is None or r.high is None:
            implied = cell("none in −50% to 100%", r.note)
        else:
            implied = cell(_pct_range([r.low, r.high]), sort=r.low, number=True)
        rows.append((cell(r.key.capitalize()), implied, cell(own.get(r.key, ""), number=True),
                     cell(r.note, r.note)))
    return rows


def analyst_rows(upsides: tuple[AnalystUpside, ...]) -> Rows:
    """Each source's targets, the upside the report states, and the upside from the last close."""
    rows: Rows = []
    for a in upsides:
        rng = "—" if a.range_low is None or a.range_high is None else \
            fmt.range_value_of_prices(a.range_low, a.range_high)
        ups = []
        if a.average_upside_pct is not None:
            ups.append(f"{fmt.pct(a.average_upside_pct, 0, signed=True)} (average)")
        if a.range_upside_pct is not None:
            lo, hi = a.range_upside_pct
            ups.append(f"{fmt.pct(lo, 0, signed=True)} to {fmt.pct(hi, 0, signed=True)} (range)")
        rows.append((
            cell(a.source, a.section),
            cell(fmt.price(a.average), sort=a.average or 0.0, number=True),
            cell(rng, number=True),
            cell(a.stated_upside_text or "—", a.section, number=True),
            cell("; ".join(ups) or "—", number=True),
        ))
    return rows
