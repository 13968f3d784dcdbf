"""The Plan tab: where the close stands against the plan, the position sizer, the entry ladder."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.desk.desk import PRICES, Part
from kcdesk.model.desk.standing import EVENT_DAYS, Standing
from kcdesk.model.plan import Plan
from kcdesk.model.plan_status import LevelDistance
from kcdesk.model.prices import PriceSeries
from kcdesk.ui import theme
from kcdesk.ui.lazy_tabs import LazyTabs
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tabs.ladder_panel import LadderPanel
from kcdesk.ui.tabs.position_sizer import PositionSizer

STYLE = """
<style>
 h3 { margin: 2px 0 6px 0; } h4 { margin: 12px 0 4px 0; }
 table { border-collapse: collapse; width: 100%; }
 td, th { padding: 3px 6px; border-bottom: 1px solid $border; vertical-align: top; }
 th { text-align: left; background: $header_bg; }
 .num { text-align: right; white-space: nowrap; }
 .src { color: $muted; font-size: small; }
 .sample { color: $error; font-weight: bold; }
 .inside { color: $good; font-weight: bold; }
</style>
"""


def _e(text: str) -> str:
    return html.escape(text)


def _row(item: str, value: str, note: str, section: str) -> tuple[str, str, str, str]:
    return item, value, note, section


def plan_rows(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(item, plan value as the report writes it, note, report section) for every plan item."""
    rows = [_row(z.label, fmt.range_value(z.price), z.note, z.section) for z in plan.zones]
    b = plan.breakout
    if b is not None:
        rows.append(
            _row(
                "Breakout",
                f"above {fmt.range_value(b.level)} on volume >{b.volume_surge_pct:g}% above "
                "average",
                b.note,
                b.section,
            )
        )
    rows.append(
        _row(
            "Stop rule",
            f"{fmt.range_value(plan.stop_rule.pct_below_entry)} below entry",
            "",
            plan.stop_rule.section,
        )
    )
    for s in plan.stops:
        band_lo, band_hi = plan.stop_rule.band_for(s.entry)
        rows.append(
            _row(
                s.label,
                f"entry {fmt.price(s.entry)} → stop {fmt.range_value(s.stop)}",
                f"the rule's band for this entry: {fmt.price(band_lo)}–{fmt.price(band_hi)}",
                s.section,
            )
        )
    for t in plan.profit_targets:
        src = f" from {fmt.range_value(t.from_entry)} entries" if t.from_entry else ""
        rows.append(_row(t.label, fmt.range_value(t.price) + src, t.note, t.section))
    for t in plan.price_targets:
        rows.append(_row(t.label, fmt.range_value(t.price), t.note, t.section))
    sz = plan.sizing
    rows.append(
        _row("Allocation", fmt.range_value(sz.allocation_pct) + " of the portfolio", "", sz.section)
    )
    rows.append(
        _row(
            "Risk per trade",
            fmt.range_value(sz.risk_per_trade_pct) + " of the portfolio",
            "",
            sz.section,
        )
    )
    rows.append(_row("Beta", fmt.range_value(sz.beta), sz.note, sz.section))
    rows.append(
        _row(
            "Time horizon",
            fmt.range_value(plan.horizon_years) + " minimum",
            "",
            plan.horizon_section,
        )
    )
    return rows


def _distance_text(d: LevelDistance) -> str:
    if d.position == "inside":
        return "<span class='inside'>inside</span>"
    return _e(fmt.pct(d.pct, 1, signed=True))


def standing_html(series: PriceSeries | None, standing: Standing) -> str:
    """Where the last close stands: status, distance to each level, events of the last 30 days."""
    status = standing.status
    if series is None or series.frame.empty or status is None:
        return "<p>No prices yet — use Prices ▸ Refresh or File ▸ Import prices….</p>"
    sample = (
        "<p class='sample'>Sample prices — not market data. Refresh or import real prices "
        "before acting on this.</p>"
        if series.is_sample
        else ""
    )
    dists = "".join(
        f"<tr><td>{_e(d.label)}</td><td class='num'>"
        f"{_e(fmt.range_value_of_prices(d.low, d.high))}</td>"
        f"<td class='num'>{_distance_text(d)}</td></tr>"
        for d in sorted(status.distances, key=lambda d: d.low, reverse=True)
    )
    events = standing.recent_events
    event_rows = (
        "".join(
            f"<tr><td class='num'>{e.date:%Y-%m-%d}</td><td>{_e(e.text)}</td></tr>"
            for e in reversed(events)
        )
        or f"<tr><td colspan='2'>Nothing in the last {EVENT_DAYS} days.</td></tr>"
    )
    return (
        f"{sample}<p><b>Last close {_e(fmt.price(status.close))}</b> on {status.date:%Y-%m-%d}"
        f" — <b>{_e(status.summary)}</b></p>"
        + (
            "<table><tr><th>Level</th><th class='num'>Plan</th>"
            f"<th class='num'>Move from close</th></tr>{dists}</table>"
            if dists  # a new plan has no levels (the Edit levels page adds them)
            else "<p>No zones, stops or targets to measure the close against yet.</p>"
        )
        + f"<h4>Events, last {EVENT_DAYS} days</h4><table>{event_rows}</table>"
    )


def plan_html(plan: Plan, series: PriceSeries | None, standing: Standing) -> str:
    """The tab as one HTML document."""
    rows = "".join(
        f"<tr><td><b>{_e(item)}</b></td><td>{_e(value)}"
        + (f"<br><span class='src'>{_e(note)}</span>" if note else "")
        + f"<br><span class='src'><i>{_e(section)}</i></span></td></tr>"
        for item, value, note, section in plan_rows(plan)
    )
    notes = "".join(f"<li>{_e(n)}</li>" for n in plan.technical_notes)
    return (
        theme.css(STYLE)
        + f"<h3>{_e(plan.name)}</h3>"
        + "<h4>Where the last close stands</h4>"
        + standing_html(series, standing)
        + "<h4>The plan</h4><table>"
        + rows
        + "</table>"
        + (f"<h4>Technical notes (report)</h4><ul>{notes}</ul>" if notes else "")
    )


POSITION_PAGE = "Sizer and ladder"
LEVELS_PAGE = "Edit levels"


class PlanTab(QWidget):
    """The plan against the prices; the position sizer and the entry ladder on a page of their own.

    Follows the session (subscribes itself). The sizer's page is built when first shown, so the
    first frame costs what it did before it.

    Signals:
        tranche_selected(Tranche or None): the ladder's selected tranche (the chart draws it).
    """

    tranche_selected = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._sizer: PositionSizer | None = None
        self._ladder: LadderPanel | None = None
        self.pages = LazyTabs(self)
        self.pages.setDocumentMode(True)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.pages.add_lazy("Where it stands", lambda parent: self.browser)
        self.pages.add_lazy(POSITION_PAGE, self._build_position)
        self.pages.add_lazy(LEVELS_PAGE, self._build_levels)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        session.changed.connect(self.on_changed)
        theme.notifier().changed.connect(self._on_theme_changed)
        self._render()

    @property
    def sizer(self) -> PositionSizer:
        """The position sizer (its page built now if it was not yet shown)."""
        self.pages.page(POSITION_PAGE)
        assert self._sizer is not None
        return self._sizer

    @property
    def ladder(self) -> LadderPanel:
        """The entry ladder (its page built now if it was not yet shown)."""
        self.pages.page(POSITION_PAGE)
        assert self._ladder is not None
        return self._ladder

    def _build_levels(self, parent: QWidget) -> QWidget:
        from kcdesk.ui.tabs.levels_editor import LevelsEditor  # its module when first shown

        return LevelsEditor(self._session, parent)

    def _build_position(self, parent: QWidget) -> QWidget:
        self._sizer = PositionSizer(self._session)
        self._ladder = LadderPanel(self._session)
        self._ladder.tranche_selected.connect(self.tranche_selected)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self._sizer)
        column.addWidget(self._ladder)
        column.addStretch(1)
        scroller = QScrollArea(parent)
        scroller.setWidgetResizable(True)
        scroller.setWidget(body)
        self._show_position()
        return scroller

    def on_changed(self, change: DeskChange) -> None:
        if change.touches(Part.PLAN, PRICES):
            self._render()
        # after a refused edit (no parts) too: the fields show the desk again, bar refused ones
        if change.touches(Part.POSITION, Part.LADDER, Part.PLAN) or not change.parts:
            self._show_position()

    def _on_theme_changed(self) -> None:
        self._render()
        self._show_position()

    def _render(self) -> None:
        s = self._session
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(plan_html(s.desk.plan, s.prices, s.standing))
        self.browser.verticalScrollBar().setValue(scroll)

    def _show_position(self) -> None:
        position = self._session.standing.position
        if position is not None and self._sizer is not None and self._ladder is not None:
            self._sizer.show_position(position)
            self._ladder.show_position(position)
