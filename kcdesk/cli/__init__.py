"""The `kcdesk` command line: opens the window, or runs a subcommand for scripts and checks."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

# Each module registers its subcommands with `register(subparsers)`; a subcommand's parser
# sets `func(args) -> int`. Listed here so a new command is one line.
COMMAND_MODULES = (
    "kcdesk.cli.plan_commands",
    "kcdesk.cli.price_commands",
    "kcdesk.cli.chart_commands",
)


class CliError(Exception):
    """A user-facing failure: printed to stderr, exit status 2."""


# A subcommand's optional TICKER lands in its own dest: a subparser default named "ticker"
# would overwrite the global --ticker.
_TICKER_DEST = "command_ticker"


def add_ticker_argument(parser: argparse.ArgumentParser) -> None:
    """The optional positional TICKER of a subcommand (defaults to --ticker)."""
    parser.add_argument(_TICKER_DEST, nargs="?", metavar="TICKER", help="default: --ticker (KC)")


def chosen_ticker(args: argparse.Namespace) -> str:
    """The subcommand's TICKER, else --ticker, upper-cased."""
    return str(getattr(args, _TICKER_DEST, None) or args.ticker).strip().upper()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kcdesk",
        description="KC Desk: chart, plan and journal for a position, offline. "
        "With no subcommand, opens the window.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the store and cache under DIR (a throw-away profile) instead of the user dirs",
    )
    parser.add_argument("--ticker", default="KC", help="the ticker to open (default: KC)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `kcdesk` and `python -m kcdesk`; returns the exit status."""
    # Building the parser imports the command modules (pandas among them): with the cyclic
    # collector off that is ~50 ms quicker, and nothing it allocates is garbage. The window
    # path freezes what start-up built and switches it back on; subcommands get it back now.
    gc.disable()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except BaseException:
        gc.enable()
        raise
    try:
        if args.command is None:
            from kcdesk.app import run_window

            return run_window(args)
        gc.enable()
        return int(args.func(args))
    except CliError as exc:
        print(f"kcdesk: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        gc.enable()
