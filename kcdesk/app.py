"""The one place that builds KC Desk and wires it together: paths, store, plan, prices, window."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Any

from kcdesk.data.paths import AppPaths, app_paths


class _Dialogs:
    """Message boxes for start-up problems (kept apart so tests can replace them)."""

    def critical(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, title, text)

    def choose(self, title: str, text: str, options: Any) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        item, ok = QInputDialog.getItem(None, title, f"{text}\n\nWhat should KC Desk do?",
                                        list(options), 0, False)
        return list(options).index(item) if ok else None


def yahoo_services(paths: AppPaths, runner: Any) -> Any:
    """The tabs' fetches from Yahoo Finance (each blocking: the tab runs it on `runner`)."""
    from kcdesk.ui.services import Services

    def valuation_facts(ticker: str, inputs: Any, today: Any) -> Any:
        from kcdesk.data.yahoo_info import YahooInfoSource, fill_from_yahoo

        return fill_from_yahoo(ticker, inputs, YahooInfoSource(paths.yfinance_cache_dir), today)

    def statements(ticker: str, log: Any, today: Any, progress: Any) -> Any:
        from kcdesk.data.yahoo_statements import fetch_proposal

        return fetch_proposal(ticker, log, cache_dir=paths.yfinance_cache_dir, fetched_on=today,
                              should_cancel=lambda: progress.cancelled)

    return Services(runner, valuation_facts, statements)


def build_main_window(paths: AppPaths, ticker: str, store: Any, price_service: Any = None) -> Any:
    """Messages, session, price actions and the main window for `ticker` (needs a QApplication)."""
    from kcdesk.data import documents
    from kcdesk.ui.main_window import MainWindow
    from kcdesk.ui.messages import Messages
    from kcdesk.ui.price_actions import PriceActions
    from kcdesk.ui.session import Session
    from kcdesk.ui.tasks import TaskRunner

    if price_service is None:
        from kcdesk.data.prices import service as default_service

        price_service = default_service

    desk, research = documents.load_desk(store, ticker)
    prices = price_service.load_prices(paths, ticker)
    messages = Messages()
    if getattr(store, "backup_warning", None):
        messages.warning(f"Warning: {store.backup_warning}")
    if prices.notice:  # a damaged price cache set aside, or one that could not be read
        messages.warning(f"Warning: {prices.notice}")
    session = Session(desk, research, store, messages, prices)
    runner = TaskRunner()
    actions = PriceActions(session, paths, price_service, runner)
    window = MainWindow(session, actions, messages, yahoo_services(paths, runner))
    messages.setParent(window)
    session.setParent(window)
    actions.set_dialog_parent(window)
    runner.setParent(window)
    from kcdesk.ui.ticker_switch import TickerSwitch

    # switching builds the other ticker's window the same way, from the same store
    window.ticker_switch = TickerSwitch(
        window, store, lambda other: build_main_window(paths, other, store, price_service)
    )
    return window


def open_window(data_dir: str | Path | None, ticker: str) -> tuple[Any, Any, Any] | None:
    """All `kcdesk` does before showing its window: (app, store, window), or None to quit.

    None when the store could not be opened (the user was told). The benchmark starts the app
    through here too, so what it times is what the user waits for.
    """
    # Starting up creates ~100,000 container objects (modules, Qt wrappers, the window) that
    # live as long as the app: the cyclic GC would walk them again and again (~0.1 s of the
    # first frame) to free a few hundred. Frozen afterwards, later collections skip them too,
    # which keeps long full collections out of pan and zoom frames.
    gc.disable()
    try:
        return _open_window(data_dir, ticker)
    finally:
        gc.freeze()
        gc.enable()


def _open_window(data_dir: str | Path | None, ticker: str) -> tuple[Any, Any, Any] | None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from kcdesk.startup import load_or_recover, open_store
    from kcdesk.ui.theme import apply_theme, saved_theme
    from kcdesk.ui.ui_state import ui_settings

    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        # fractional scales (150 %) as they are, not rounded to 1x or 2x: set before the app
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("KC Desk")
    app.setOrganizationName("kcdesk")
    # the desktop entry's id: Wayland's app id, so the shell shows our name and icon
    app.setDesktopFileName("io.github.kcdesk.KCDesk")
    # the remembered theme before any widget exists: the first frame is drawn in it
    apply_theme(app, saved_theme(ui_settings()))
    dialogs = _Dialogs()
    try:
        paths = app_paths(data_dir).ensure()
    except OSError as exc:  # --data-dir names a file, or a folder that cannot be written
        dialogs.critical("KC Desk cannot use this profile folder", f"{exc}")
        return None
    store = open_store(paths, dialogs)
    if store is None:
        return None
    loaded = load_or_recover(
        paths, store, ticker, lambda s: build_main_window(paths, ticker, s), dialogs
    )
    if loaded is None:
        return None
    store, window = loaded
    return app, store, window


def run_window(args: argparse.Namespace) -> int:
    """`kcdesk` with no subcommand: open the window on --ticker (default KC)."""
    started = open_window(args.data_dir, args.ticker)
    if started is None:
        return 1
    app, store, window = started
    try:
        window.show()
        return int(app.exec())
    finally:
        store.close()
