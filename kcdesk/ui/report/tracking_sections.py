"""The report's tracking sections: catalysts and risks, the metric log and triggers, the journal."""

from __future__ import annotations

from kcdesk.model.checklists import checklists_of
from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.metrics import rules_of, shown_log
from kcdesk.model.desk.standing import Standing
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.ui.report.html_parts import para, section, sub, table
from kcdesk.ui.tables import Cell, cell
from kcdesk.ui.tabs.checklist_model import COLUMNS, STATUS_WORDS
from kcdesk.ui.tabs.journal_rows import (
    STATS_HEADERS,
    TRADE_HEADERS,
    position_html,
    sample_note,
    stats_rows,
    trade_rows,
)
from kcdesk.ui.tabs.metrics_models import TRIGGER_HEADERS, entry_text, trigger_rows
from kcdesk.ui.tabs.risk_panel import RISK_COLUMNS, risk_rows

_STATUS_COLOURS = {"happened": "good", "no_longer_relevant": "muted"}  # theme roles
_GROUPS = (("positive", "Positive catalysts"), ("negative", "Negative catalysts"),
           ("news", "News to watch"))
# The trade columns a printed page has room for: date, side, shares, price, tranche, P&L, R.
_TRADE_COLUMNS = ("Date", "Side", "Shares", "Price", "Tranche", "Realised P&L", "Realised R")


def catalysts_section(desk: Desk, research: Research | None) -> str:
    """Each catalyst and news item with its status and since when; the risk matrix."""
    state = checklists_of(desk.checklists, research)
    parts = []
    for group, title in _GROUPS:
        rows = [(Cell(i.text), cell(STATUS_WORDS[i.status], colour=_STATUS_COLOURS.get(
                    i.status, "")),
                 Cell("" if i.changed_on is None else f"{i.changed_on:%Y-%m-%d}"), Cell(i.note))
                for i in state.checklist.group(group)]  # type: ignore[arg-type]
        parts.append(sub(title, table(COLUMNS, rows)))
    risks = () if research is None else research.risks
    parts.append(sub("Risk matrix", table(RISK_COLUMNS, risk_rows(risks, state.risks))))
    return section("Catalysts and risks", *parts)


def metrics_section(desk: Desk, research: Research | None, standing: Standing) -> str:
    """The metric log (a row per metric, a column per quarter) and each trigger rule's state."""
    log = shown_log(desk, research)
    view = log.current()
    quarters = view.quarters()
    used = {m for _, m in view.rows}
    rows = []
    for d in log.metrics:
        if d.key not in used:
            continue
        values = [view.value(q, d.key) for q in quarters]
        rows.append((Cell(d.label), *(Cell("" if e is None else entry_text(e), number=True)
                                      for e in values)))
    origin = ("your metric log" if desk.metric_log is not None
              else "the report's quarters (nothing logged yet)")
    return section(
        "Metric log and triggers",
        para(f"From {origin}."),
        table(("Metric", *quarters), rows),
        sub("Trigger rules", table(TRIGGER_HEADERS,
                                   trigger_rows(standing.triggers, rules_of(desk)))),
    )


def journal_section(standing: Standing, prices: PriceSeries | None) -> str:
    """The position, the win/loss statistics, and the trades in short."""
    view = standing.journal
    if view is None:
        return section("Journal", para("No journal."))
    keep = [TRADE_HEADERS.index(c) for c in _TRADE_COLUMNS]
    trades = [tuple(r[i] for i in keep) for r in trade_rows(view)]
    note = sample_note(view.stats)
    return section(
        "Journal",
        f"<p>{position_html(view, prices is not None and prices.is_sample)}</p>",
        sub("Results", table(STATS_HEADERS, stats_rows(view)),
            para(note, "missing") if note else ""),
        sub(f"Trades ({len(view.rows)})", table(_TRADE_COLUMNS, trades)),
    )
