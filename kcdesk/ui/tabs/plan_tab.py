"""The Plan tab: every plan level, its value as the report writes it, and its report section."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries


def plan_html(plan: Plan) -> str:
    """The plan as an HTML document (also used by the report command later)."""
    rows: list[tuple[str, str, str, str]] = []
    for z in plan.zones:
        rows.append((z.label, fmt.range_value(z.price), z.note, z.section))
    b = plan.breakout
    rows.append(
        (
            "Breakout",
            f"above {fmt.range_value(b.level)} on volume >{b.volume_surge_pct:g}% above average",
            b.note,
            b.section,
        )
    )
    lo, hi = plan.stop_rule.pct_below_entry.low, plan.stop_rule.pct_below_entry.high
    rows.append(("Stop rule", f"{lo:g}–{hi:g}% below entry", "", plan.stop_rule.section))
    for s in plan.stops:
        band_lo, band_hi = plan.stop_rule.band_for(s.entry)
        rows.append(
            (
                s.label,
                f"entry {fmt.price(s.entry)} → stop {fmt.range_value(s.stop)}",
                f"rule band {fmt.price(band_lo)}–{fmt.price(band_hi)}",
                s.section,
            )
        )
    for t in plan.profit_targets:
        src = f" from {fmt.range_value(t.from_entry)} entries" if t.from_entry else ""
        rows.append((t.label, fmt.range_value(t.price) + src, t.note, t.section))
    for t in plan.price_targets:
        rows.append((t.label, fmt.range_value(t.price), t.note, t.section))
    sz = plan.sizing
    rows.append(
        ("Allocation", fmt.range_value(sz.allocation_pct) + " of portfolio", "", sz.section)
    )
    rows.append(
        ("Risk per trade", fmt.range_value(sz.risk_per_trade_pct) + " of portfolio", "", sz.section)
    )
    rows.append(("Beta", fmt.range_value(sz.beta), sz.note, sz.section))
    rows.append(
        ("Time horizon", fmt.range_value(plan.horizon_years) + " minimum", "", plan.horizon_section)
    )
    body = "".join(
        f"<tr><td><b>{html.escape(a)}</b></td><td>{html.escape(v)}</td>"
        f"<td>{html.escape(n)}</td><td><i>{html.escape(s)}</i></td></tr>"
        for a, v, n, s in rows
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in plan.technical_notes)
    return (
        f"<h3>{html.escape(plan.name)}</h3>"
        "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'>"
        "<tr><th>Item</th><th>Plan</th><th>Note</th><th>Report section</th></tr>"
        f"{body}</table>" + (f"<h4>Technical notes (report)</h4><ul>{notes}</ul>" if notes else "")
    )


class PlanTab(QWidget):
    """Read-only view of the current plan; follows the session's plan_changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def on_prices_changed(self, series: PriceSeries) -> None:
        """Prices feed the 'where the last close stands' part (not built yet)."""

    def on_plan_changed(self, plan: Plan) -> None:
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(plan_html(plan))
        self.browser.verticalScrollBar().setValue(scroll)
