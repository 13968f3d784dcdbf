"""The Fundamentals tab: revenue history, recent quarters, margins, balance sheet, cash, financing.

Every value is the report's, in its words, with its section in the tooltip; nothing is computed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kcdesk.model.research import Fundamentals, Quarter, Research
from kcdesk.model.values import Figure
from kcdesk.ui.session import Session
from kcdesk.ui.tables import Cell, RowsModel, cell
from kcdesk.ui.tabs.research_parts import (
    NOT_STATED,
    FittedTable,
    ResearchPage,
    figure_cell,
    figures_table,
    find_items,
    group,
    item_label,
    note_label,
    stated,
)
from kcdesk.ui.tabs.revenue_chart import RevenueBar, RevenueChart

# The rows of the quarters table: (label, the figure key after the quarter's, e.g. "q3_2025_").
QUARTER_ROWS = (
    ("Revenue (RMB)", "revenue"),
    ("Revenue YoY", "revenue_yoy"),
    ("AI gross billings (RMB)", "ai_billings"),
    ("AI gross billings YoY", "ai_billings_yoy"),
    ("Public cloud YoY", "public_cloud_yoy"),
    ("Gross margin", "gross_margin"),
    ("Non-GAAP operating margin", "non_gaap_operating_margin"),
    ("Adjusted net profit (RMB)", "adjusted_net_profit"),
)


def annual_rows(fund: Fundamentals) -> list[list[Cell]]:
    """Period, revenue and YoY change as the report's annual table states them."""
    return [
        [cell(a.period, a.section, sort=i), figure_cell(a.revenue),
         figure_cell(a.yoy, missing=f"the report writes “—”\n{a.section}")]
        for i, a in enumerate(fund.annual_revenue)
    ]


def _quarter_figures(q: Quarter) -> dict[str, Figure]:
    """The quarter's figures by what they measure (their key after the quarter's key)."""
    out: dict[str, Figure] = {}
    if q.revenue is not None:
        out["revenue"] = q.revenue
    if q.revenue_yoy is not None:
        out["revenue_yoy"] = q.revenue_yoy
    for f in q.metrics:
        out[f.key.removeprefix(f"{q.key}_")] = f
    return out


def quarter_rows(quarters: tuple[Quarter, ...]) -> list[list[Cell]]:
    """One row per metric, one column per quarter (the report's order, oldest first)."""
    by_quarter = [_quarter_figures(q) for q in quarters]
    known = {name for _, name in QUARTER_ROWS}
    # a metric the table above does not name still gets its row, under its own label
    extra = [(f.label, name) for figs in by_quarter for name, f in figs.items()
             if name not in known]
    rows = []
    for label, name in (*QUARTER_ROWS, *dict.fromkeys(extra)):
        cells = [cell(label)]
        for q, figs in zip(quarters, by_quarter, strict=True):
            fig = figs.get(name)
            as_written = f"The report's row: {q.revenue_text} | {q.metrics_text}\n{q.section}"
            if fig is None and name == "revenue" and q.revenue_text:
                cells.append(Cell(q.revenue_text, None, as_written))
            else:
                c = figure_cell(fig, missing=f"not stated for {q.label}\n{as_written}")
                cells.append(c)
        if any(c.text != NOT_STATED for c in cells[1:]):
            rows.append(cells)
    return rows


def revenue_bars(fund: Fundamentals) -> list[RevenueBar]:
    return [RevenueBar(a.period, a.revenue.value, stated(a.revenue.statements[0]))
            for a in fund.annual_revenue]


class FundamentalsTab(ResearchPage):
    """The report's fundamentals in headed boxes; read-only, follows the session's research."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.tables: dict[str, FittedTable] = {}
        self.revenue_chart: RevenueChart | None = None
        super().__init__(session, parent)

    def _table(self, key: str, table: FittedTable) -> FittedTable:
        self.tables[key] = table
        return table

    def build(self, research: Research, layout: QVBoxLayout) -> None:
        self.tables = {}
        fund = research.fundamentals
        annual = self._table("annual", FittedTable(RowsModel(
            ("Year", "Revenue (USD)", "YoY change"), annual_rows(fund))))
        self.revenue_chart = RevenueChart("Revenue, USD billions")
        self.revenue_chart.set_bars(revenue_bars(fund))
        layout.addWidget(group("Annual revenue (USD)", annual, self.revenue_chart))

        headers = ("Metric", *(q.label for q in fund.quarters))
        quarters = self._table("quarters", FittedTable(RowsModel(
            headers, quarter_rows(fund.quarters))))
        growth = self._table("growth", figures_table(fund.growth))
        layout.addWidget(group("Recent quarters", quarters,
                               note_label("Growth as stated elsewhere in the report:", ""),
                               growth))

        layout.addWidget(group(
            "Margins and returns",
            self._table("margins", figures_table((*fund.margins, *fund.returns))),
            *map(item_label, find_items(research.health, "profitability_overall")),
        ))
        layout.addWidget(group(
            "Balance sheet and liquidity",
            self._table("balance_sheet", figures_table(fund.balance_sheet)),
            *map(item_label, find_items(research.health, "balance_sheet")),
        ))
        layout.addWidget(group(
            "Cash flow",
            self._table("cash_flow", figures_table(fund.cash_flow)),
            *map(item_label, find_items(research.health, "cash_flow_quality")),
        ))
        raise_ = fund.equity_raise
        layout.addWidget(group(
            f"Equity raise, {raise_.when}",
            self._table("equity_raise", figures_table((
                raise_.amount_local, raise_.amount_usd, raise_.new_shares,
                raise_.proceeds_ai_pct, raise_.proceeds_working_capital_pct))),
            note_label(raise_.text, raise_.section),
            *map(item_label, find_items(research.strengths, "equity_raise")),
            *map(item_label, find_items(research.weaknesses, "equity_dilution")),
        ))
        profile = research.profile
        layout.addWidget(group(
            "Customer concentration",
            self._table("customers", figures_table((profile.customer_concentration,))),
            item_label(profile.ecosystem_anchors),
            *map(item_label, find_items(research.weaknesses, "customer_concentration")),
        ))
        managers = [note_label(m.text, m.section, f"{m.name}, {m.role}")
                    for m in research.management]
        layout.addWidget(group(
            "Management",
            *managers,
            *map(item_label, find_items(research.strengths, "shareholder_structure",
                                        "management_overall")),
        ))
