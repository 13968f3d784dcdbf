"""Report subcommand: `kcdesk report [TICKER] --out FILE.pdf|FILE.html`, rendered headless."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kcdesk.cli.chart_commands import chosen_range, headless_app
from kcdesk.cli.common import CliError, add_ticker_argument, chosen_ticker


def register(subparsers: Any) -> None:
    """Add the report subcommand to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "report",
        help="write the printable report (chart, plan, position, research, logs) as PDF or HTML",
        description="Write TICKER's report to FILE.pdf (A4 or Letter, from the locale) or "
        "FILE.html (one self-contained file): the chart with the plan, where the close stands, "
        "the position plan and ladder, fundamentals, peers, valuation, catalysts and risks, "
        "the metric log and triggers, the journal, and the as-of dates.",
    )
    add_ticker_argument(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.html")
    p.add_argument("--range", default="1Y", help="the chart's range: 6M, 1Y, 3Y, 5Y or Max "
                   "(default: 1Y)")
    p.set_defaults(func=report)


def report(args: argparse.Namespace) -> int:
    """`kcdesk report`: the same report as File ▸ Export report…, from the stored desk."""
    from kcdesk.ui.report.export import ReportError, check_out

    out = Path(args.out).expanduser()
    try:
        check_out(out)
    except ReportError as exc:
        raise CliError(f"--out {args.out!r}: {exc}") from None
    range_name = chosen_range(args)
    ticker = chosen_ticker(args)

    from kcdesk.cli.plan_commands import planned_desk
    from kcdesk.data.paths import app_paths
    from kcdesk.data.prices.service import load_prices
    from kcdesk.model.desk.standing import standing_of

    paths = app_paths(args.data_dir)
    desk, research = planned_desk(paths, ticker)  # the shipped plan plus the user's edits
    prices = load_prices(paths, ticker)

    headless_app()
    from kcdesk.ui.report.export import export_report

    try:
        done = export_report(out, desk, research, prices,
                             standing_of(desk, research, prices.frame), range_name=range_name)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    pages = "" if done.pages is None else f" ({done.pages} pages)"
    print(f"{done.path}{pages}")
    return 0
