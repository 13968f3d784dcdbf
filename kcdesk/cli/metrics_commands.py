"""Metric log subcommands: `kcdesk import-metrics FILE [--ticker KC]`, `kcdesk export-metrics`."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kcdesk.cli.common import CliError, add_ticker_argument, chosen_ticker, ticker_of
from kcdesk.cli.plan_commands import planned_desk
from kcdesk.data.documents import DocumentError, load_desk
from kcdesk.data.metrics_csv import ImportPreview, export_metrics_csv, read_metrics_csv
from kcdesk.data.paths import app_paths
from kcdesk.data.prices.csv_import import CsvImportError
from kcdesk.model import fmt
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.metrics import shown_log
from kcdesk.model.metric_log import CURRENCIES, MetricEntry


def register(subparsers: Any) -> None:
    """Add the metric log subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "import-metrics",
        help="import quarterly metrics from a long CSV file into the log (all or nothing)",
        description="Validate FILE (quarter,metric,value and optionally unit,currency,source,"
        "kind,logged_on) and add its rows to the metric log in one transaction. Any problem: "
        "nothing is imported and the problems are listed with their line numbers.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--ticker", default=argparse.SUPPRESS, help="ticker the file holds (KC)")
    p.add_argument("--currency", choices=CURRENCIES, default=None,
                   help="currency of money rows that name none")
    p.set_defaults(func=import_metrics)

    p = subparsers.add_parser(
        "export-metrics",
        help="print the metric log as long CSV (every row, restatements included)",
        description="Print the metric log of TICKER on stdout in the format import-metrics reads.",
    )
    add_ticker_argument(p)
    p.set_defaults(func=export_metrics)


def _row(e: MetricEntry) -> str:
    return f"{e.quarter} {e.metric} {fmt.range_value(e.value)} ({e.kind}, logged {e.logged_on})"


def preview_lines(preview: ImportPreview) -> list[str]:
    """What an import added and overwrote, one line a row."""
    lines = [f"Added {len(preview.added)}, overwrote {len(preview.overwritten)}, "
             f"{len(preview.unchanged)} already logged"]
    lines += [f"  added       {_row(e)}" for e in preview.added]
    lines += [f"  overwrote   {_row(old)}\n           by {_row(new)}"
              for old, new in preview.overwritten]
    return lines


def import_metrics(args: argparse.Namespace) -> int:
    """`kcdesk import-metrics FILE [--ticker T]`: validated, previewed, then one transaction."""
    from kcdesk.data.store import Store, StoreError

    ticker = ticker_of(args.ticker, "--ticker")
    path = Path(args.file)
    try:
        with Store.open(app_paths(args.data_dir)) as store:
            desk, research = load_desk(store, ticker)
            log = shown_log(desk, research)
            preview = read_metrics_csv(path, log, logged_on=date.today(), currency=args.currency)
            if preview.log != log:
                store.commit(desk.ticker, {Part.METRIC_LOG: preview.log},
                             f"import metrics from {path.name}")
    except CsvImportError as exc:
        raise CliError(str(exc)) from None
    except DocumentError as exc:
        raise CliError(str(exc)) from None
    except (StoreError, sqlite3.Error, OSError) as exc:
        raise CliError(f"could not store the metrics: {exc}") from None
    print("\n".join(preview_lines(preview)))
    return 0


def export_metrics(args: argparse.Namespace) -> int:
    """`kcdesk export-metrics [TICKER]`: the log as CSV on stdout."""
    ticker = chosen_ticker(args)
    desk, research = planned_desk(app_paths(args.data_dir), ticker)
    sys.stdout.write(export_metrics_csv(shown_log(desk, research)))
    return 0
