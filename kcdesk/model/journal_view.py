"""The journal as the tab and `kcdesk journal` show it: rows, position, stats at the last close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from kcdesk.model.desk.desk import Desk
from kcdesk.model.journal import (
    PlannedEntry,
    Position,
    Stats,
    TradeRow,
    journal_stats,
    rows_report,
)
from kcdesk.model.ladder import entry_labels, planned_entries
from kcdesk.model.sizing import cautious_stop_pct, decimal_of_float


@dataclass(frozen=True)
class JournalView:
    """Every trade replayed against the plan's entries, valued at the last close (if any)."""

    rows: tuple[TradeRow, ...]
    position: Position
    stats: tuple[Stats, ...]  # overall first, then per tranche
    planned: tuple[PlannedEntry, ...]
    labels: dict[str, str]  # planned entry key -> label
    stop_pct: Decimal  # the plan rule's % below a buy typed without a stop
    last_close: Decimal | None
    last_date: dt.date | None

    @property
    def unrealised_pnl(self) -> Decimal | None:
        return None if self.last_close is None else self.position.unrealised_pnl(self.last_close)

    def report(self) -> dict[str, object]:
        """What `kcdesk journal --format json` prints (see `journal_report`)."""
        return rows_report(self.rows, self.position, self.last_close)


def journal_view(desk: Desk, frame: pd.DataFrame) -> JournalView:
    """The desk's journal against its plan, valued at the frame's last close."""
    planned = planned_entries(desk.plan)
    rows = desk.journal.rows(planned)
    last_close = last_date = None
    if not frame.empty:
        last_close = decimal_of_float("close", float(frame["close"].iloc[-1]))
        last_date = frame.index[-1].date()
    return JournalView(
        rows=rows,
        position=desk.journal.position(),
        stats=journal_stats(rows),
        planned=planned,
        labels=entry_labels(desk.plan),
        stop_pct=cautious_stop_pct(desk.plan),
        last_close=last_close,
        last_date=last_date,
    )
