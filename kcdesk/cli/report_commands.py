"""Report subcommand: `kcdesk report [TICKER] --out FILE.pdf|FILE.html`, rendered headless."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from kcdesk.cli.common import CliError, add_ticker_argument, chosen_ticker
from kcdesk.model.chart_ranges import range_named
from kcdesk.model.values import PlanError


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
    try:
        range_name = range_named(args.range)
    except PlanError as exc:
        raise CliError(f"--range {args.range!r}: {exc.problem}") from None
    ticker = chosen_ticker(args)

    from kcdesk.cli.plan_commands import desk_for
    from kcdesk.data.documents import DocumentError
    from kcdesk.data.paths import app_paths
    from kcdesk.data.prices.service import load_prices
    from kcdesk.model.desk.standing import standing_of

    paths = app_paths(args.data_dir)
    try:
        desk, research = desk_for(paths, ticker)  # the shipped plan plus the user's edits
    except DocumentError as exc:
        raise CliError(str(exc)) from None
    prices = load_prices(paths, ticker)

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless, whatever DISPLAY says
    app = QApplication.instance() or QApplication([])
    from kcdesk.ui.report.export import export_report
    from kcdesk.ui.theme import apply_theme

    apply_theme(app)  # type: ignore[arg-type]
    try:
        done = export_report(out, desk, research, prices,
                             standing_of(desk, research, prices.frame), range_name=range_name)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    pages = "" if done.pages is None else f" ({done.pages} pages)"
    print(f"{done.path}{pages}")
    return 0
