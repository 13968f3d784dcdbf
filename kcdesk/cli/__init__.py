"""The `kcdesk` command line: opens the window, or runs a subcommand for scripts and checks."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from kcdesk.cli.common import CliError

__all__ = ["CliError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: each command module registers its subcommands with `register(sub)`."""
    # Plain imports, not names in a list: a frozen build (PyInstaller) follows these, and
    # silently loses a command loaded from a string.
    from kcdesk.cli import (
        chart_commands,
        events_commands,
        journal_commands,
        metrics_commands,
        new_plan_commands,
        plan_commands,
        position_commands,
        price_commands,
        report_commands,
        valuation_commands,
    )

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
    for module in (plan_commands, price_commands, chart_commands, position_commands,
                   events_commands, valuation_commands, journal_commands, metrics_commands,
                   report_commands, new_plan_commands):
        module.register(sub)
    return parser


def _quiet_broken_pipe() -> int:
    """`kcdesk export-plan | head -1`: the reader left; end quietly, as SIGPIPE would."""
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE, what a shell reports for a command ended by a closed pipe


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
            from kcdesk.cli.common import ticker_of

            args.ticker = ticker_of(args.ticker)  # a bad --ticker is told before any window

            return run_window(args)
        gc.enable()
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return status
    except CliError as exc:
        print(f"kcdesk: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        return 130
    finally:
        gc.enable()
