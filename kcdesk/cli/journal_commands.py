"""Journal subcommands: `kcdesk trade` records a trade, `kcdesk journal` and `kcdesk versions` read.

`trade` writes through the store like the window does (one transaction), and takes the profile's
lock to do it: while the window runs on the profile it holds the desk in memory and would write
its own journal over one changed behind its back, so the command refuses and says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from kcdesk.cli.common import (
    DAMAGED_WAY_OUT,
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
)
from kcdesk.cli.plan_commands import planned_desk
from kcdesk.data.documents import DamagedDeskError, DocumentError, load_desk
from kcdesk.data.paths import app_paths
from kcdesk.data.prices import service
from kcdesk.model import fmt
from kcdesk.model.desk.edits import apply_edits
from kcdesk.model.desk.journal_edits import RecordTrade
from kcdesk.model.desk.standing import standing_of
from kcdesk.model.journal import Trade, trade_to_json
from kcdesk.model.journal_view import JournalView
from kcdesk.model.ladder import entry_labels
from kcdesk.model.plan_versions import versions_report
from kcdesk.model.sizing import cautious_stop_pct
from kcdesk.model.trade_input import TradeInputError, TradeText, read_trade

FORMATS = ("text", "json")


def register(subparsers: Any) -> None:
    """Add the journal subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "trade",
        help="record a buy or a sell in the journal (refused while the window has the profile)",
        description="Record one trade, checked as the Journal tab checks it: a date not in the "
        "future, whole shares above zero, a price above zero, fees not negative, no sell of "
        "more shares than held. A buy without --stop gets the plan rule's stop (the widest % "
        "below the price). The trade keeps the plan version in force.",
    )
    add_ticker_argument(p)
    p.add_argument("side", metavar="buy|sell")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--shares", required=True, metavar="N")
    p.add_argument("--price", required=True, metavar="P")
    p.add_argument("--fees", default="", metavar="F", help="fees of this order (default 0)")
    p.add_argument("--stop", default="", metavar="P", help="a buy's initial stop (its 1R)")
    p.add_argument("--tranche", default="", metavar="KEY", help="the planned entry it fills")
    p.add_argument("--note", default="", metavar="T")
    add_format_argument(p, FORMATS)
    p.set_defaults(func=trade)

    p = subparsers.add_parser(
        "journal",
        help="the trades, the position, P&L at the last close, and per-tranche stats",
        description="Every trade with the position it left, realised P&L and R; the position's "
        "shares, average cost (buy fees included), realised and unrealised P&L at the last "
        "cached close. Money is decimal text exact to the cent.",
    )
    add_ticker_argument(p)
    add_format_argument(p, FORMATS)
    p.set_defaults(func=journal)

    p = subparsers.add_parser(
        "versions",
        help="the saved plan versions, and what changed between each and the next",
        description="Each saved version (number, time, rationale) with the levels and rules it "
        "changed from the one before, and what the current plan changed since the last.",
    )
    add_ticker_argument(p)
    add_format_argument(p, FORMATS)
    p.set_defaults(func=versions)




def trade_line(t: Trade, labels: dict[str, str]) -> str:
    """One trade as a line: "Trade 3: buy 100 at $10.37 on 2025-03-14, fees $1.25, …"."""
    parts = [f"Trade {t.id}: {t.side} {t.shares:,} at {fmt.money(t.price)} on {t.date:%Y-%m-%d}",
             f"fees {fmt.money(t.fees)}"]
    if t.initial_stop is not None:
        parts.append(f"stop {fmt.money(t.initial_stop)}")
    if t.tranche:
        parts.append(f"tranche {labels.get(t.tranche, t.tranche)}")
    if t.plan_version_id is not None:
        parts.append(f"plan version {t.plan_version_id}")
    return ", ".join(parts) + (f" — {t.note}" if t.note else "")


def trade(args: argparse.Namespace) -> int:
    """`kcdesk trade [TICKER] buy|sell --date D --shares N --price P …`: one trade, stored."""
    from kcdesk.data.store import Store, StoreError
    from kcdesk.data.store.records import AlreadyRunningError

    out = output_format(args)
    ticker = chosen_ticker(args)
    paths = app_paths(args.data_dir)
    typed = TradeText(args.side, args.date, args.shares, args.price, args.fees, args.stop,
                      args.tranche, args.note)
    try:
        with Store.open(paths) as store:
            try:
                desk, _ = load_desk(store, ticker)
            except DamagedDeskError as exc:  # the user's data is there, unreadable
                raise CliError(f"{exc}{DAMAGED_WAY_OUT}") from None
            except DocumentError as exc:
                raise CliError(str(exc)) from None
            labels = entry_labels(desk.plan)
            try:
                typed_trade = read_trade(typed, today=dt.date.today(), journal=desk.journal,
                                         tranches=labels, stop_pct=cautious_stop_pct(desk.plan))
            except TradeInputError as exc:
                lines = "\n".join(f"  {k if k == 'side' else '--' + k}: {v}"
                                  for k, v in exc.problems.items())
                raise CliError(f"the trade was not recorded:\n{lines}") from None
            applied = apply_edits(desk, [RecordTrade(typed_trade, dt.datetime.now(dt.UTC))])
            recorded = applied.desk.journal.trades
            made = next(t for t in recorded if t.id == desk.journal.next_id())
            action = f"Record {made.side} of {made.shares:,} {desk.ticker}"
            store.commit(desk.ticker, {p: applied.desk.part(p) for p in applied.changed}, action)
    except AlreadyRunningError as exc:
        raise CliError(f"{exc}: record the trade in its Journal tab, or close it and run this "
                       "again — nothing was recorded") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if out == "json":
        print_json(trade_to_json(made))
    else:
        print(f"Recorded {trade_line(made, labels)}")
    return 0


def journal_report(view: JournalView, ticker: str, source: str, is_sample: bool) -> dict[str, Any]:
    """What `kcdesk journal --format json` prints: the view's report and where its close is from."""
    return {
        "ticker": ticker,
        **view.report(),
        "prices": {
            "source": source,
            "is_sample": is_sample,
            "last_date": None if view.last_date is None else view.last_date.isoformat(),
        },
    }


def _journal_text(report: dict[str, Any], view: JournalView) -> str:
    pos = report["position"]
    close = ("no prices" if view.last_close is None else
             f"last close {fmt.money(view.last_close)} on {report['prices']['last_date']}"
             + (" (SAMPLE PRICES — NOT MARKET DATA)" if report["prices"]["is_sample"] else ""))
    lines = [f"{report['ticker']} journal: {len(view.rows)} trades; {close}"]
    lines += [f"  {trade_line(r.trade, view.labels)}" for r in view.rows] or ["  no trades"]
    lines.append(f"  position {pos['shares']:,} shares, average cost "
                 f"{fmt.money(view.position.average_cost)}, realised "
                 f"{fmt.money(view.position.realised_pnl)}, unrealised "
                 f"{fmt.money(view.unrealised_pnl)}")
    return "\n".join(lines)


def journal(args: argparse.Namespace) -> int:
    """`kcdesk journal [TICKER] [--format json]`: read-only, works while the window runs."""
    out = output_format(args)
    ticker = chosen_ticker(args)
    paths = app_paths(args.data_dir)
    desk, research = planned_desk(paths, ticker)
    series = service.load_prices(paths, ticker)
    view = standing_of(desk, research, series.frame).journal
    assert view is not None  # the standing always values the journal
    report = journal_report(view, desk.ticker, series.source, series.is_sample)
    if out == "json":
        print_json(report)
    else:
        print(_journal_text(report, view))
    return 0


def versions(args: argparse.Namespace) -> int:
    """`kcdesk versions [TICKER] [--format json]`: read-only."""
    out = output_format(args)
    desk, _ = planned_desk(app_paths(args.data_dir), chosen_ticker(args))
    report = versions_report(desk)
    if out == "json":
        print_json(report)
        return 0
    lines = [f"{desk.ticker}: {len(desk.versions)} saved plan versions"]
    for v in report["versions"]:
        lines.append(f"  {v['id']:>3}  {v['saved_at']}  {v['note']}")
        lines += [f"         {c['text']}" for c in v["changes"]]
    current = report["unsaved_changes"]
    lines.append(f"  current plan: {len(current)} changes since the last version")
    lines += [f"         {c['text']}" for c in current]
    print("\n".join(lines))
    return 0
