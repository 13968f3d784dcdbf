"""The Journal tab's tables and position line, as cells and text from the standing's JournalView."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from kcdesk.model import fmt
from kcdesk.model.journal import SMALL_SAMPLE, OffPlanKind, Stats, TradeRow
from kcdesk.model.journal_view import JournalView
from kcdesk.ui import theme
from kcdesk.ui.tables import Cell, cell

RED, GREEN = "error", "good"  # theme roles
TRADE_HEADERS = ("#", "Date", "Side", "Shares", "Price", "Fees", "Stop", "Tranche", "Plan v.",
                 "Held after", "Avg cost", "Realised P&L", "Planned R", "Realised R",
                 "Plan check", "Note")
STATS_HEADERS = ("Tranche", "Closed", "Wins", "Win rate", "Average R", "Expectancy")
_OFF_PLAN: dict[OffPlanKind, str] = {
    "outside_every_zone": "⚑ outside every zone",
    "outside_its_tranche": "⚑ outside its tranche",
    "unknown_tranche": "⚑ unknown tranche",
}


def _money(x: Decimal | None, *, signed_colour: bool = False) -> Cell:
    colour = ""
    if signed_colour and x is not None and x != 0:
        colour = GREEN if x > 0 else RED
    return cell(fmt.money(x), sort=float(x) if x is not None else float("-inf"), number=True,
                colour=colour)


def _r(x: Decimal | None) -> Cell:
    return cell(fmt.r_multiple(x), sort=float(x) if x is not None else float("-inf"), number=True)


def trade_cells(r: TradeRow, labels: dict[str, str]) -> tuple[Cell, ...]:
    """One row of the trades table."""
    t = r.trade
    check = (cell("✓ in plan" if t.side == "buy" else "", colour=GREEN) if r.off_plan is None
             else cell(_OFF_PLAN[r.off_plan.kind], r.off_plan.text, colour=RED))
    version = "" if t.plan_version_id is None else f"v{t.plan_version_id}"
    return (
        cell(t.id),
        cell(t.date.isoformat()),
        cell(t.side, colour=GREEN if t.side == "buy" else RED),
        cell(f"{t.shares:,}", sort=float(t.shares), number=True),
        _money(t.price),
        _money(t.fees),
        _money(t.initial_stop) if t.initial_stop is not None else cell(""),
        cell(labels.get(t.tranche, t.tranche) if t.tranche else "", t.tranche or ""),
        cell(version, "The plan version in force when the trade was made", sort=float(
            t.plan_version_id or 0)),
        cell(f"{r.shares_after:,}", sort=float(r.shares_after), number=True),
        _money(r.average_cost_after),
        _money(r.realised_pnl, signed_colour=True) if r.realised_pnl is not None else cell(""),
        _r(r.planned_r) if t.side == "buy" else cell(""),
        _r(r.realised_r) if t.side == "sell" else cell(""),
        check,
        cell(t.note),
    )


def trade_rows(view: JournalView) -> list[tuple[Cell, ...]]:
    return [trade_cells(r, view.labels) for r in view.rows]


def stats_cells(s: Stats, labels: dict[str, str]) -> tuple[Cell, ...]:
    """One row of the stats table: overall, a tranche, or the untagged sells."""
    name = {"overall": "Overall", "untagged": "No tranche"}.get(s.key, labels.get(s.key, s.key))
    rate = None if s.win_rate is None else float(s.win_rate * 100)
    return (
        cell(name, "" if s.key in ("overall", "untagged") else s.key),
        cell(s.closed),
        cell(s.wins),
        cell(fmt.pct(rate, 0), sort=rate if rate is not None else -1.0, number=True),
        _r(s.average_r),
        _money(s.expectancy, signed_colour=True),
    )


def stats_rows(view: JournalView) -> list[tuple[Cell, ...]]:
    return [stats_cells(s, view.labels) for s in view.stats]


def sample_note(stats: Sequence[Stats]) -> str:
    """The warning under the stats when there are too few closed trades to judge by."""
    closed = stats[0].closed if stats else 0
    if closed >= SMALL_SAMPLE:
        return ""
    return (f"Small sample: {closed} closed trade{'s' if closed != 1 else ''} (under "
            f"{SMALL_SAMPLE}) — read win rate, average R and expectancy as anecdotes, not odds.")


def position_html(view: JournalView, is_sample: bool) -> str:
    """The position line: shares, average cost, realised and unrealised P&L at the last close."""
    pos = view.position

    def signed(x: Decimal | None) -> str:
        colour = "" if x is None or x == 0 else (GREEN if x > 0 else RED)
        text = html.escape(fmt.money(x))
        return (f"<b style='color:{theme.colour(colour)}'>{text}</b>" if colour
                else f"<b>{text}</b>")

    if view.last_close is None:
        at = "no prices: refresh or import them to value the position"
    else:
        at = f"at the last close {fmt.money(view.last_close)} on {view.last_date:%Y-%m-%d}"
    sample = (f" <span style='color:{theme.colour('error')}'>"
              "<b>Sample prices — not market data.</b></span>"
              if is_sample and view.last_close is not None else "")
    return (
        f"Position <b>{pos.shares:,}</b> shares · average cost "
        f"<b>{html.escape(fmt.money(pos.average_cost))}</b> (buy fees included) · realised "
        f"{signed(pos.realised_pnl)} · unrealised {signed(view.unrealised_pnl)} "
        f"{html.escape(at)}.{sample}"
    )
