"""Plan subcommands: `kcdesk export-plan [TICKER] [--format json]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TypeVar

from kcdesk.cli.common import (
    DAMAGED_WAY_OUT,
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
)
from kcdesk.data.document_json import document_to_json
from kcdesk.data.documents import (
    DamagedDeskError,
    DeskSource,
    DocumentError,
    load_desk,
    load_effective_document,
)
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.model.desk.desk import Desk
from kcdesk.model.document import PlanDocument
from kcdesk.model.research import Research

EXPORT_FORMATS = ("json",)
T = TypeVar("T")


def register(subparsers: Any) -> None:
    """Add the plan subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "export-plan",
        help="print the whole effective plan document (shipped figures plus your edits)",
        description="Print the effective plan document of TICKER on stdout: the shipped plan "
        "and research, with the plan you edited in place of the shipped plan.",
    )
    add_ticker_argument(p)
    add_format_argument(p, EXPORT_FORMATS)
    p.set_defaults(func=export_plan)


def read_profile(paths: AppPaths, load: Callable[[DeskSource | None], T]) -> T:
    """`load(store)` for a command-line read of the profile; a store problem is a CliError.

    The store is read from a snapshot in memory (this only reads, and must work while the
    window is open and on a read-only profile), and not at all when the profile has none:
    reading must not create one. A
    A damaged stored part is a CliError saying what to do; a DocumentError (no plan for the
    ticker) is left to the caller.
    """
    from kcdesk.data.store import Store, StoreError

    try:
        if not paths.store_file.exists():
            return load(None)
        with Store.open_snapshot(paths) as store:
            return load(store)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except DamagedDeskError as exc:  # not "no plan": the user's data is there, unreadable
        raise CliError(f"{exc}{DAMAGED_WAY_OUT}") from None


def effective_document_for(paths: AppPaths, ticker: str) -> PlanDocument:
    """The effective document (shipped + the user's stored plan); DocumentError if none."""
    return read_profile(paths, lambda store: load_effective_document(store, ticker))


def desk_for(paths: AppPaths, ticker: str) -> tuple[Desk, Research | None]:
    """The ticker's desk and research; DocumentError when the ticker has no plan."""
    return read_profile(paths, lambda store: load_desk(store, ticker))


def planned_desk(paths: AppPaths, ticker: str) -> tuple[Desk, Research | None]:
    """`desk_for` for a command that needs a plan: no plan for the ticker is a CliError."""
    try:
        return desk_for(paths, ticker)
    except DocumentError as exc:
        raise CliError(str(exc)) from None


def export_plan(args: argparse.Namespace) -> int:
    """`kcdesk export-plan`: the effective document as JSON on stdout."""
    output_format(args)
    ticker = chosen_ticker(args)
    try:
        document = effective_document_for(app_paths(args.data_dir), ticker)
    except DocumentError as exc:
        raise CliError(str(exc)) from None
    print_json(document_to_json(document))
    return 0
