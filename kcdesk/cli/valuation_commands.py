"""`kcdesk valuation [TICKER] [--set NAME=VALUE …] --format json`: the DCF for scripts."""

from __future__ import annotations

import argparse
from typing import Any

from kcdesk.cli.common import (
    CliError,
    add_format_argument,
    add_ticker_argument,
    chosen_ticker,
    output_format,
    print_json,
)
from kcdesk.cli.plan_commands import planned_desk
from kcdesk.data.paths import app_paths
from kcdesk.data.prices import service
from kcdesk.model.desk.standing import standing_of
from kcdesk.model.prices import PriceSeries
from kcdesk.model.valuation.edits import InputValue, SetValuationInputs
from kcdesk.model.valuation.inputs import LABELS, MissingInputsError
from kcdesk.model.valuation.report import valuation_report
from kcdesk.model.values import PlanError

FORMATS = ("json",)


def register(subparsers: Any) -> None:
    """Add `valuation` to the `kcdesk` parser."""
    p = subparsers.add_parser(
        "valuation",
        help="the DCF of each scenario: inputs with their sources, every case, the reverse DCF",
        description="Print the valuation of TICKER as JSON: the inputs (each with its source: "
        "report, default, user, yahoo), each scenario's value per ADR as a range with every "
        "case computed, and the reverse DCF against the last cached close. --set evaluates "
        "with other inputs without saving them. Missing inputs: exit status 2, names on stderr.",
    )
    add_ticker_argument(p)
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE",
                   help='an input for this run only, e.g. adrs_m=264 or bear.wacc_pct="12–13%%" '
                   "(repeatable)")
    add_format_argument(p, FORMATS)
    p.set_defaults(func=valuation)


def _sets(texts: list[str]) -> tuple[InputValue, ...]:
    out = []
    for text in texts:
        name, eq, value = text.partition("=")
        if not eq or not name.strip():
            raise CliError(f"--set {text!r}: expected NAME=VALUE")
        out.append(InputValue(name.strip(), value.strip()))
    return tuple(out)


def _close_of(series: PriceSeries) -> dict[str, Any]:
    frame = series.frame
    if frame.empty:
        return {"last_close_date": None, "last_close_is_sample": False}
    return {"last_close_date": frame.index[-1].date().isoformat(),
            "last_close_is_sample": series.is_sample}


def valuation_json(series: PriceSeries, desk: Any, research: Any,
                   sets: tuple[InputValue, ...]) -> dict[str, Any]:
    """The report `kcdesk valuation` prints; CliError naming a refused --set or what is missing."""
    if sets:
        try:
            desk = SetValuationInputs(research, sets).apply(desk)
        except PlanError as exc:
            raise CliError(f"--set refused: {exc}") from None
    v = standing_of(desk, research, series.frame).valuation
    assert v is not None  # every standing computes the valuation
    if v.error:
        raise CliError(v.error)
    if v.inputs is None or v.missing:
        names = ", ".join(f"{n} ({LABELS.get(n, n)})" for n in v.missing)
        raise CliError(f"missing inputs: {names}; give them with --set NAME=VALUE or in the "
                       "Valuation tab")
    try:
        report = valuation_report(v.inputs, v.last_close)
    except MissingInputsError as exc:  # pragma: no cover - the standing said nothing is missing
        raise CliError(str(exc)) from None
    return {**report, **_close_of(series)}


def valuation(args: argparse.Namespace) -> int:
    """`kcdesk valuation`: the report as JSON on stdout."""
    output_format(args)
    ticker = chosen_ticker(args)
    sets = _sets(args.sets)
    paths = app_paths(args.data_dir)
    desk, research = planned_desk(paths, ticker)
    print_json(valuation_json(service.load_prices(paths, ticker), desk, research, sets))
    return 0
