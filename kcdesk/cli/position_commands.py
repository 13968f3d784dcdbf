"""Position subcommands: `kcdesk size [TICKER] --account N --entry P --stop P …`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from kcdesk.cli.common import (
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
)
from kcdesk.model import position_text as text
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.sizing import (
    PlanTarget,
    PositionInputs,
    SizingResult,
    defaults_from_plan,
    size_position,
    size_report,
)
from kcdesk.model.values import PlanError

SIZE_FORMATS = ("json",)
T = TypeVar("T")


def register(subparsers: Any) -> None:
    """Add the position subcommands to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "size",
        help="size a position from the risk budget, the allocation cap and the cash",
        description="Shares from the risk budget, the allocation cap and the cash; the smallest "
        "is the position, with its binding limit named. An option left out takes the plan's "
        "stored sizer input, then the report's (the cautious end of each range). Money is "
        "printed as decimal text.",
    )
    add_ticker_argument(p)
    p.add_argument("--account", metavar="N", help="account size (needed unless one is stored)")
    p.add_argument("--entry", metavar="P", help="entry price, or a zone such as 10-12 (its top "
                   "is sized: the worst fill)")
    p.add_argument("--stop", metavar="P", help="stop price, or a percent below entry: 20%%")
    p.add_argument("--risk-pct", metavar="R", help="risk per trade, %% of the account")
    p.add_argument("--alloc-pct", metavar="A", help="allocation cap, %% of the account")
    p.add_argument("--fees", metavar="F", help="fees per order")
    p.add_argument("--cash", metavar="C", help="cash available (default: the account)")
    p.add_argument("--target", metavar="P", nargs="+", action="extend",
                   help="target price(s) (default: the plan's targets)")
    add_format_argument(p, SIZE_FORMATS)
    p.set_defaults(func=size)


def _given(option: str, raw: str | None, parse: Callable[[str], T], fallback: T) -> T:
    """The option parsed, or `fallback` when it was left out; bad text is a CliError."""
    if raw is None:
        return fallback
    try:
        return parse(raw)
    except PlanError as exc:
        raise CliError(f"{option} {raw!r}: {exc.problem}") from None


def inputs_for(desk: Desk, args: argparse.Namespace) -> PositionInputs:
    """The stored inputs (else the report's) with each given option in place."""
    stored = desk.position
    try:
        report = defaults_from_plan(desk.plan)
    except PlanError as exc:  # a new plan with no zone yet
        raise CliError(f"{desk.ticker}: {exc.problem}") from None
    if args.account is None and stored is None:
        raise CliError(f"--account: no account size is stored for {desk.ticker}; give --account N")
    account = _given("--account", args.account, lambda t: text.money_of("account_size", t),
                     stored.account_size if stored else Decimal(0))
    fallback_cash = stored.cash_available if stored else account
    try:
        return PositionInputs(
            account_size=account,
            cash_available=_given(
                "--cash", args.cash,
                lambda t: text.money_of("cash_available", t, allow_zero=True), fallback_cash),
            allocation_cap_pct=_given(
                "--alloc-pct", args.alloc_pct, lambda t: text.percent_of("allocation_cap_pct", t),
                stored.allocation_cap_pct if stored else report.allocation_cap_pct),
            risk_per_trade_pct=_given(
                "--risk-pct", args.risk_pct, lambda t: text.percent_of("risk_per_trade_pct", t),
                stored.risk_per_trade_pct if stored else report.risk_per_trade_pct),
            entry=_given("--entry", args.entry, text.entry_of,
                         stored.entry if stored else report.entry),
            stop=_given("--stop", args.stop, text.stop_of, stored.stop if stored else report.stop),
            fees_per_order=_given(
                "--fees", args.fees, lambda t: text.money_of("fees_per_order", t, allow_zero=True),
                stored.fees_per_order if stored else Decimal(0)),
            currency=stored.currency if stored else "usd",
        )
    except PlanError as exc:  # the options are each valid but not together: a stop above entry
        raise CliError(f"--{exc.field.replace('_', '-')}: {exc.problem}") from None


def sized(desk: Desk, inputs: PositionInputs, targets: list[str] | None) -> SizingResult:
    """The standing's sizing of the desk with `inputs` stored; against `targets` if given."""
    from kcdesk.model.desk.standing import standing_of
    from kcdesk.model.prices import empty_frame

    position = standing_of(desk.with_parts({Part.POSITION: inputs}), None, empty_frame()).position
    assert position is not None  # inputs_for refused a plan with no zone to size
    if not targets:
        return position.sizing
    chosen = [
        PlanTarget(f"Target {n}", _given("--target", t, lambda s: text.money_of("target", s),
                                         Decimal(0)))
        for n, t in enumerate(targets, start=1)
    ]
    return size_position(inputs, chosen)


def size(args: argparse.Namespace) -> int:
    """`kcdesk size`: the sizer's result as JSON on stdout."""
    output_format(args)
    ticker = chosen_ticker(args)
    from kcdesk.cli.plan_commands import planned_desk
    from kcdesk.data.paths import app_paths

    desk, _ = planned_desk(app_paths(args.data_dir), ticker)
    print_json(size_report(sized(desk, inputs_for(desk, args), args.target)))
    return 0
