"""Plan subcommands: `kcdesk export-plan [TICKER] [--format json]`."""

from __future__ import annotations

import argparse
from typing import Any

from kcdesk.cli.common import CliError, add_ticker_argument, chosen_ticker, print_json
from kcdesk.data.document_json import document_to_json
from kcdesk.data.documents import DocumentError, PlanSource, load_desk, load_effective_document
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.model.desk.desk import Desk
from kcdesk.model.document import PlanDocument
from kcdesk.model.research import Research

EXPORT_FORMATS = ("json",)


def register(subparsers: Any) -> None:
    """Add the plan subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "export-plan",
        help="print the whole effective plan document (shipped figures plus your edits)",
        description="Print the effective plan document of TICKER on stdout: the shipped plan "
        "and research, with the plan you edited in place of the shipped plan.",
    )
    add_ticker_argument(p)
    # Not argparse `choices`: a bad format must go through CliError like every other error.
    p.add_argument("--format", default="json", help="output format: json (the default)")
    p.set_defaults(func=export_plan)


def effective_document_for(paths: AppPaths, ticker: str) -> PlanDocument:
    """The effective document (shipped + the user's stored plan) for command-line reads.

    Raises DocumentError where the ticker has no plan; a store problem becomes a CliError.
    """
    from kcdesk.data.store import Store, StoreError

    try:
        if not paths.store_file.exists():  # never edited here: do not create a profile to read
            return load_effective_document(None, ticker)
        # No lock: this only reads, and must work while the window is open.
        with Store.open(paths, lock=False) as store:
            source: PlanSource = store
            return load_effective_document(source, ticker)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def desk_for(paths: AppPaths, ticker: str) -> tuple[Desk, Research | None]:
    """The ticker's desk and research for command-line reads; CliError when there is none."""
    from kcdesk.data.store import Store, StoreError

    try:
        if not paths.store_file.exists():  # never edited here: do not create a profile to read
            return load_desk(None, ticker)
        with Store.open(paths, lock=False) as store:  # reads only; works beside the window
            return load_desk(store, ticker)
    except (StoreError, DocumentError) as exc:
        raise CliError(str(exc)) from None


def export_plan(args: argparse.Namespace) -> int:
    """`kcdesk export-plan`: the effective document as JSON on stdout."""
    if args.format not in EXPORT_FORMATS:
        raise CliError(f"unknown format {args.format!r} (choose from: {', '.join(EXPORT_FORMATS)})")
    ticker = chosen_ticker(args)
    try:
        document = effective_document_for(app_paths(args.data_dir), ticker)
    except DocumentError as exc:
        raise CliError(str(exc)) from None
    print_json(document_to_json(document))
    return 0
