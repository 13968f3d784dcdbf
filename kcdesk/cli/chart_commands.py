"""Chart subcommands: `kcdesk snapshot [TICKER] --out FILE.png|FILE.svg`, rendered headless."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

from kcdesk.cli.common import CliError, add_ticker_argument, chosen_ticker
from kcdesk.model.chart_ranges import range_named
from kcdesk.model.values import PlanError


def chosen_range(args: argparse.Namespace) -> str:
    """The --range asked for (6M, 1Y, …); CliError naming the choices for any other."""
    try:
        return range_named(args.range)
    except PlanError as exc:
        raise CliError(f"--range {args.range!r}: {exc.problem}") from None


def headless_app() -> object:
    """The QApplication a command draws with: offscreen whatever DISPLAY says, in the theme."""
    from PySide6.QtWidgets import QApplication

    from kcdesk.ui.theme import apply_theme

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    return app


def register(subparsers: Any) -> None:
    """Add the chart subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "snapshot",
        help="render the chart with the plan to a PNG or SVG file, without a window",
        description="Render TICKER's chart (the prices the app would show, and the plan) "
        "to FILE.png or FILE.svg.",
    )
    add_ticker_argument(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png or FILE.svg")
    p.add_argument("--range", default="1Y", help="6M, 1Y, 3Y, 5Y or Max (default: 1Y)")
    p.add_argument("--size", default="1600x900", help="WIDTHxHEIGHT in pixels (default 1600x900)")
    p.add_argument("--log", action="store_true", help="logarithmic price scale")
    p.add_argument("--line", action="store_true", help="a close line instead of candles")
    p.set_defaults(func=snapshot)


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if not m:
        raise CliError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1600x900")
    width, height = int(m.group(1)), int(m.group(2))
    if not (200 <= width <= 10000 and 150 <= height <= 10000):
        raise CliError(f"--size {text!r}: width 200–10000 and height 150–10000 pixels")
    return width, height


def snapshot(args: argparse.Namespace) -> int:
    """`kcdesk snapshot`: the same ChartView as the window, painted into a file."""
    out = Path(args.out).expanduser()
    if out.suffix.lower() not in (".png", ".svg"):
        raise CliError(f"--out {args.out!r}: the file name must end in .png or .svg")
    if not out.parent.is_dir():
        raise CliError(f"--out {args.out!r}: no such directory {str(out.parent)!r}")
    size = parse_size(args.size)
    range_name = chosen_range(args)
    ticker = chosen_ticker(args)

    from kcdesk.cli.plan_commands import planned_desk
    from kcdesk.data.paths import app_paths
    from kcdesk.data.prices.service import load_prices
    from kcdesk.model.desk.standing import standing_of

    paths = app_paths(args.data_dir)
    desk, research = planned_desk(paths, ticker)  # the shipped plan plus the user's edits
    prices = load_prices(paths, ticker)
    if prices.frame.empty:
        raise CliError(f"no prices for {ticker}: {prices.source}")

    headless_app()
    from kcdesk.ui.chart.chart_view import ChartView
    from kcdesk.ui.chart.desk_on_chart import show_on_chart
    from kcdesk.ui.chart.snapshot import SnapshotError, render

    view = ChartView()
    view.setWindowTitle(f"KC Desk — {ticker} chart")
    show_on_chart(view, desk, standing_of(desk, research, prices.frame), prices)
    view.set_candles(not args.line)
    view.set_log_scale(args.log)
    view.resize(*size)
    view.set_range(range_name)
    try:
        render(view, out, size)
    except SnapshotError as exc:
        raise CliError(str(exc)) from None
    print(out)
    return 0
