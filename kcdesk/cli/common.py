"""What every subcommand shares: the user-facing error, the optional TICKER argument, JSON out."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kcdesk.data import json_out
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError


class CliError(Exception):
    """A user-facing failure: printed to stderr, exit status 2."""


# A subcommand's optional TICKER lands in its own dest: a subparser default named "ticker"
# would overwrite the global --ticker.
_TICKER_DEST = "command_ticker"


def add_ticker_argument(parser: argparse.ArgumentParser) -> None:
    """The optional positional TICKER of a subcommand (defaults to --ticker)."""
    parser.add_argument(_TICKER_DEST, nargs="?", metavar="TICKER", help="default: --ticker (KC)")


def ticker_of(text: object, option: str = "ticker") -> str:
    """`text` as a normalised ticker; CliError (never a traceback) when it is not one."""
    try:
        return normalize_ticker(text, option)
    except PlanError as exc:
        raise CliError(str(exc)) from None


def chosen_ticker(args: argparse.Namespace) -> str:
    """The subcommand's TICKER, else --ticker, normalised and checked."""
    given = getattr(args, _TICKER_DEST, None)
    return ticker_of(args.ticker if given is None else given)


def print_json(data: Any) -> None:
    """`data` as strict, indented JSON on stdout (a NaN or an infinity is written null)."""
    sys.stdout.write(json_out.dumps(data) + "\n")


# What a command that cannot read a damaged stored part tells the user to do.
DAMAGED_WAY_OUT = (
    " — open KC Desk (the window) to restore a backup or start it afresh; the damaged data is"
    " kept either way"
)


def add_format_argument(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """`--format`, the first of `formats` by default; checked by `output_format`."""
    # Not argparse `choices`: a bad format must go through CliError like every other error.
    others = " or ".join(formats[1:])
    said = f"{formats[0]} (the default)" + (f" or {others}" if others else "")
    parser.add_argument("--format", default=formats[0], help=f"output format: {said}")
    parser.set_defaults(formats=formats)


def output_format(args: argparse.Namespace) -> str:
    """The --format asked for; CliError naming the choices for any other."""
    formats: tuple[str, ...] = args.formats
    if args.format not in formats:
        raise CliError(f"unknown format {args.format!r} (choose from: {', '.join(formats)})")
    return str(args.format)
