"""Price subcommands: `kcdesk import-prices FILE`, `kcdesk refresh [TICKER]`, `kcdesk status`."""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
from datetime import date, timedelta
from typing import Any

from kcdesk.cli.common import (
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
    ticker_of,
)
from kcdesk.cli.plan_commands import desk_for
from kcdesk.data.documents import DocumentError
from kcdesk.data.paths import app_paths
from kcdesk.data.prices import service
from kcdesk.data.prices.csv_import import CsvImportError
from kcdesk.data.prices.source import PriceFetchError
from kcdesk.model import fmt
from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.standing import EVENT_DAYS, standing_of
from kcdesk.model.indicators import WINDOW_52W, technicals, up_to
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.model.triggers import results_to_json

STATUS_FORMATS = ("text", "json")


def register(subparsers: Any) -> None:
    """Add the price subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "import-prices",
        help="import daily prices from a CSV file into the price cache (all or nothing)",
        description="Validate FILE (Date,Open,High,Low,Close,Volume, optionally Adj Close; or "
        "Date,Close) and merge its bars into the price cache. Any problem: nothing is imported "
        "and the first problems are listed with their line numbers.",
    )
    p.add_argument("file", metavar="FILE")
    # SUPPRESS: given here it wins, else the global --ticker (default KC) stays
    p.add_argument("--ticker", default=argparse.SUPPRESS, help="ticker the file holds (KC)")
    p.set_defaults(func=import_prices)

    p = subparsers.add_parser(
        "refresh",
        help="download the missing daily prices from Yahoo Finance into the cache",
        description="Fetch the bars the cache lacks (all history the first time) and merge them.",
    )
    add_ticker_argument(p)
    p.set_defaults(func=refresh)

    p = subparsers.add_parser(
        "status",
        help="indicators, plan status and recent events for a ticker, from cached prices",
        description="The last bar, SMA 50/200, 52-week range, 50-day average volume, where the "
        f"close stands against the plan, the events of the last {EVENT_DAYS} days, and the add / "
        "trim / upgrade / downgrade triggers judged on the metric log.",
    )
    add_ticker_argument(p)
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="judge the last bar on or before this")
    add_format_argument(p, STATUS_FORMATS)
    p.set_defaults(func=status)


def _origin(series: PriceSeries) -> str:
    when = f", as of {series.as_of:%Y-%m-%d %H:%M} UTC" if series.as_of else ""
    return f"{series.source}{when}"


def _span(series: PriceSeries) -> str:
    frame = series.frame
    if frame.empty:
        return f"{series.ticker}: no bars"
    return (f"{series.ticker}: {len(frame):,} bars, {frame.index[0]:%Y-%m-%d} to "
            f"{frame.index[-1]:%Y-%m-%d}")


def import_prices(args: argparse.Namespace) -> int:
    """`kcdesk import-prices FILE [--ticker T]`."""
    ticker = ticker_of(args.ticker, "--ticker")
    try:
        result = service.import_csv(app_paths(args.data_dir), ticker, args.file)
    except CsvImportError as exc:
        raise CliError(str(exc)) from None
    except (sqlite3.Error, OSError) as exc:
        raise CliError(f"could not store the prices: {exc}") from None
    print(f"Imported {result.rows:,} rows for {ticker}: {result.first_date:%Y-%m-%d} to "
          f"{result.last_date:%Y-%m-%d}")
    return 0


def refresh(args: argparse.Namespace) -> int:
    """`kcdesk refresh [TICKER]`: progress on stderr, the result on stdout."""
    ticker = chosen_ticker(args)

    def progress(pct: int, text: str) -> None:
        print(f"[{pct:3d}%] {text}", file=sys.stderr)

    try:
        series = service.refresh(app_paths(args.data_dir), ticker, progress=progress)
    except PriceFetchError as exc:
        kept = exc.fallback
        note = "" if kept is None else f"\nstill showing {_span(kept)} ({_origin(kept)})"
        raise CliError(f"{exc}{note}") from None
    except (sqlite3.Error, OSError) as exc:
        raise CliError(f"could not store the prices: {exc}") from None
    print(f"{_span(series)} ({_origin(series)})")
    return 0


def _num(x: float | None, digits: int = 4) -> float | None:
    return None if x is None or math.isnan(x) else round(x, digits)


def _desk(args: argparse.Namespace, ticker: str) -> tuple[Desk | None, Research | None]:
    try:
        return desk_for(app_paths(args.data_dir), ticker)
    except DocumentError:
        return None, None  # no plan for this ticker: indicators only


def status_report(
    series: PriceSeries, desk: Desk | None, research: Research | None, as_of: date | None
) -> dict[str, Any]:
    """Everything `kcdesk status` prints, as JSON-ready data (read off the desk's standing)."""
    bars = up_to(series.frame, as_of)
    if desk is None:
        tech, standing = technicals(bars), None
    else:
        standing = standing_of(desk, research, bars)
        tech = standing.technicals
    if tech is None:
        when = f" on or before {as_of:%Y-%m-%d}" if as_of else ""
        raise CliError(f"no {series.ticker} prices{when} ({_origin(series)})")
    report: dict[str, Any] = {
        "ticker": series.ticker,
        "source": series.source,
        "as_of": series.as_of.isoformat(timespec="seconds") + "Z" if series.as_of else None,
        "is_sample": series.is_sample,
        "last_bar": {"date": tech.date.isoformat(), "close": _num(tech.close)},
        "sma50": _num(tech.sma50),
        "sma200": _num(tech.sma200),
        "high_52w": _num(tech.high_52w),
        "low_52w": _num(tech.low_52w),
        "window_52w": f"intraday high/low of the {WINDOW_52W.days} days ending at the last bar",
        "avg_volume_50": _num(tech.avg_volume_50, 0),
        "plan_status": None,
        "distances": [],
        "events_since": (tech.date - timedelta(days=EVENT_DAYS)).isoformat(),
        "events": [],
        "triggers": [],
    }
    if standing is not None:
        report["triggers"] = results_to_json(standing.triggers)
    if standing is None or standing.status is None:
        return report
    st = standing.status
    report["plan_status"] = {
        "summary": st.summary,
        "flags": [{"kind": f.kind, "key": f.key, "text": f.text} for f in st.flags],
        "breakout_confirmed_on": (
            st.breakout_confirmed_on.isoformat() if st.breakout_confirmed_on else None
        ),
    }
    report["distances"] = [
        {"key": d.key, "kind": d.kind, "label": d.label, "low": d.low, "high": d.high,
         "pct": _num(d.pct, 2), "position": d.position}
        for d in st.distances
    ]
    report["events"] = [
        {"date": e.date.isoformat(), "kind": e.kind, "key": e.key, "text": e.text}
        for e in standing.recent_events
    ]
    return report


def _text(report: dict[str, Any]) -> str:
    bar = report["last_bar"]
    lines = [
        f"{report['ticker']} {bar['date']} close {fmt.price(bar['close'])}"
        + ("   SAMPLE PRICES — NOT MARKET DATA" if report["is_sample"] else ""),
        f"  prices: {report['source']}"
        + (f", as of {report['as_of']}" if report["as_of"] else ""),
        f"  SMA 50 {fmt.price(report['sma50'])}   SMA 200 {fmt.price(report['sma200'])}",
        f"  52-week range {fmt.price(report['low_52w'])} – {fmt.price(report['high_52w'])}"
        f"   50-day avg volume {fmt.volume(report['avg_volume_50'])}",
    ]
    if report["plan_status"] is None:
        lines.append("  no plan for this ticker")
        return "\n".join(lines)
    lines.append(f"  plan: {report['plan_status']['summary']}")
    for d in report["distances"]:
        lines.append(f"    {d['label']:<28} {fmt.pct(d['pct'], signed=True):>8}  {d['position']}")
    lines.append(f"  events since {report['events_since']}:")
    lines += [f"    {e['date']}  {e['text']}" for e in report["events"]] or ["    none"]
    lines.append("  triggers:")
    lines += [f"    {t['kind']:<9} {t['state']:<15} streak {t['streak']}  {t['reason']}"
              for t in report["triggers"]] or ["    none"]
    return "\n".join(lines)


def status(args: argparse.Namespace) -> int:
    """`kcdesk status [TICKER] [--as-of YYYY-MM-DD] [--format json]`."""
    output_format(args)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise CliError(f"--as-of {args.as_of!r} is not a date (expected YYYY-MM-DD)") from None
    ticker = chosen_ticker(args)
    series = service.load_prices(app_paths(args.data_dir), ticker)
    report = status_report(series, *_desk(args, ticker), as_of)
    if args.format == "json":
        print_json(report)
    else:
        print(_text(report))
    return 0
