"""Event subcommand: `kcdesk events [TICKER] [--since D] [--until D] [--format json|text]`."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any

from kcdesk.cli.common import (
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
)

EVENT_FORMATS = ("json", "text")
FROM_LOG = "event log"
COMPUTED = "computed from the cached prices (nothing logged yet)"
NONE = "nothing logged, and no cached prices to compute from"


def register(subparsers: Any) -> None:
    """Add the events subcommand to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "events",
        help="the plan events of the stored event log (crosses, breakouts, stops, targets…)",
        description="List TICKER's logged plan events (date, kind, key, text), oldest first. "
        "The window logs them on every refresh or import; when nothing is logged yet they are "
        "computed from the cached prices, and `source` says so.",
    )
    add_ticker_argument(p)
    p.add_argument("--since", metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="events on or before this day")
    add_format_argument(p, EVENT_FORMATS)
    p.set_defaults(func=events)


def _day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} {text!r} is not a date (expected YYYY-MM-DD)") from None


def events_report(args: argparse.Namespace) -> dict[str, Any]:
    """What `kcdesk events` prints, as JSON-ready data."""
    output_format(args)
    since, until = _day("--since", args.since), _day("--until", args.until)
    if since is not None and since > date.today():
        raise CliError(f"--since {args.since!r} is in the future")
    if since is not None and until is not None and since > until:
        raise CliError(f"--since {args.since} is after --until {args.until}")
    ticker = chosen_ticker(args)

    from kcdesk.cli.plan_commands import planned_desk
    from kcdesk.data.paths import app_paths
    from kcdesk.data.prices.service import load_prices
    from kcdesk.model.event_log import extend_log

    paths = app_paths(args.data_dir)
    desk, _ = planned_desk(paths, ticker)
    log, source = desk.event_log, FROM_LOG
    if log.through is None:
        prices = load_prices(paths, ticker)
        if prices.is_sample or prices.frame.empty:
            source = NONE
        else:
            log, source = extend_log(log, prices.frame, desk.plan, datetime.now(UTC)), COMPUTED
    return {
        "ticker": ticker,
        "source": source,
        "logged_through": None if log.through is None else log.through.isoformat(),
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
        "events": [{"date": e.date.isoformat(), "kind": e.kind, "key": e.key, "text": e.text}
                   for e in log.between(since, until)],
    }


def events(args: argparse.Namespace) -> int:
    """`kcdesk events`: the logged (or computed) events as JSON or text."""
    report = events_report(args)
    if args.format == "json":
        print_json(report)
        return 0
    print(f"{report['ticker']} events ({report['source']}):")
    for e in report["events"]:
        print(f"  {e['date']}  {e['kind']:<20}  {e['text']}")
    if not report["events"]:
        print("  none")
    return 0
