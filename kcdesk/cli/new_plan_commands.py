"""Plans for any ticker: `kcdesk new-plan TICKER [--name N] [--from KC]` and
`kcdesk import-plan FILE.json [--as TICKER] [--replace]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kcdesk.cli.common import (
    DAMAGED_WAY_OUT,
    CliError,
    add_format_argument,
    output_format,
    print_json,
    ticker_of,
)
from kcdesk.data.documents import DamagedDeskError, DocumentError
from kcdesk.data.paths import app_paths
from kcdesk.model.plan import Plan
from kcdesk.model.values import PlanError

T = TypeVar("T")
FORMATS = ("json",)  # what each command prints: a summary of the plan it stored


def register(subparsers: Any) -> None:
    """Add `new-plan` and `import-plan` to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "new-plan",
        help="create a plan for a ticker that has none: blank, or another plan's structure",
        description="Create a plan for TICKER in your profile: blank (no levels, starting "
        "rules), or with --from the structure of another ticker's plan (its rules, notes and "
        "sections) with every level cleared. Refused for a ticker that has a plan already.",
    )
    p.add_argument("new_ticker", metavar="TICKER", help="the ticker of the new plan")
    p.add_argument("--name", default="", help="the plan's name (default: the ticker)")
    p.add_argument("--from", dest="from_ticker", metavar="TICKER",
                   help="start from this ticker's plan structure, e.g. KC")
    add_format_argument(p, FORMATS)
    p.set_defaults(func=new_plan)
    p = subparsers.add_parser(
        "import-plan",
        help="import a plan file (an exported plan document, or a bare plan)",
        description="Check the plan in FILE like a typed edit (a stop above its entry, a low "
        "above its high, an unknown field are refused, naming the field) and store it: a plan "
        "for a new ticker creates it; one for a ticker that has a plan needs --replace. Only "
        "the plan is imported; research comes from the shipped report.",
    )
    p.add_argument("file", metavar="FILE.json", help="the plan file")
    p.add_argument("--as", dest="as_ticker", metavar="TICKER",
                   help="import the plan under this ticker instead of the file's")
    p.add_argument("--replace", action="store_true",
                   help="replace the plan of a ticker that has one")
    add_format_argument(p, FORMATS)
    p.set_defaults(func=import_plan)


def _plan_json(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"ticker": plan.ticker, "name": plan.name, "levels": len(plan.levels()), **extra}


def _writing(data_dir: str | None, write: Callable[[Any], T]) -> T:
    """`write(store)` on the profile's store, opened for writing; every failure a CliError."""
    from kcdesk.data.store import Store, StoreError
    from kcdesk.data.store.records import AlreadyRunningError

    try:
        with Store.open(app_paths(data_dir)) as store:
            return write(store)
    except AlreadyRunningError as exc:
        raise CliError(f"{exc}: use File ▸ New plan… or Import plan… in the window, or close "
                       "it and run this again — nothing was changed") from None
    except DamagedDeskError as exc:
        raise CliError(f"{exc}{DAMAGED_WAY_OUT}") from None
    except (StoreError, DocumentError) as exc:
        raise CliError(str(exc)) from None
    except PlanError as exc:
        raise CliError(f"{exc} — nothing was changed") from None


def new_plan(args: argparse.Namespace) -> int:
    """`kcdesk new-plan`: the new plan created in the store; a summary as JSON on stdout."""
    from kcdesk.data.plan_import import PlanExistsError
    from kcdesk.data.plan_import import new_plan as create

    output_format(args)
    ticker = ticker_of(args.new_ticker)
    source = None if args.from_ticker is None else ticker_of(args.from_ticker, "--from")

    def write(store: Any) -> Plan:
        try:
            return create(store, ticker, args.name, source)
        except PlanExistsError as exc:
            raise CliError(f"{exc}: open it with `kcdesk --ticker {exc.ticker}`, or import a "
                           "plan over it with `kcdesk import-plan FILE --replace`") from None

    plan = _writing(args.data_dir, write)
    print_json(_plan_json(plan, **{"from": source}))
    return 0


def import_plan(args: argparse.Namespace) -> int:
    """`kcdesk import-plan`: the file's plan checked and stored; a summary as JSON on stdout."""
    from kcdesk.data.plan_import import PlanExistsError, read_plan_file
    from kcdesk.data.plan_import import import_plan as store_plan

    output_format(args)
    as_ticker = None if args.as_ticker is None else ticker_of(args.as_ticker, "--as")
    try:
        plan = read_plan_file(Path(args.file))
    except DocumentError as exc:
        raise CliError(f"{exc} — nothing was imported") from None

    def write(store: Any) -> tuple[Plan, bool]:
        try:
            return store_plan(store, plan, replace_existing=args.replace, as_ticker=as_ticker)
        except PlanExistsError as exc:
            raise CliError(f"{exc}: give --replace to replace it — nothing was imported") from None

    stored, replaced = _writing(args.data_dir, write)
    print_json(_plan_json(stored, replaced=replaced))
    return 0
