"""Refresh and import of prices from the window: off the GUI thread, with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from kcdesk.data.paths import AppPaths
from kcdesk.data.prices.source import FetchCancelledError
from kcdesk.ui.session import Session
from kcdesk.ui.tasks import CancelledError, Progress, TaskRunner


class PriceActions(QObject):
    """Runs the price service for the window; results go to the session, errors to the user.

    `service` is the kcdesk.data.prices.service module (or a fake with the same functions):
    refresh(paths, ticker, should_cancel=..., progress=...) and import_csv(paths, ticker, file),
    load_prices(paths, ticker).
    """

    def __init__(
        self,
        session: Session,
        paths: AppPaths,
        service: Any,
        runner: TaskRunner,
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self._session, self._paths, self._service, self._runner = session, paths, service, runner
        self.runner = runner  # the window's one worker runner, shared with the tabs
        self._parent = parent_widget
        self._dialog: QProgressDialog | None = None
        self._progress: Progress | None = None

    def set_dialog_parent(self, widget: QWidget) -> None:
        """Parent progress and error dialogs (and this object) to `widget`, the main window."""
        self.setParent(widget)
        self._parent = widget

    @property
    def running(self) -> bool:
        return self._progress is not None

    # --- refresh -------------------------------------------------------------------
    def refresh(self) -> None:
        """Fetch what is missing from the network, merge into the cache, show it."""
        if self.running:
            return
        ticker = self._session.plan.ticker
        paths, service = self._paths, self._service

        def op(progress: Progress) -> Any:
            series = service.refresh(
                paths,
                ticker,
                should_cancel=lambda: progress.cancelled,
                progress=lambda pct, text: progress.report(pct, text),
            )
            if progress.cancelled:
                raise CancelledError()
            return series

        self._start(f"Refreshing {ticker} prices…", op, self._on_refreshed)

    def _on_refreshed(self, series: Any) -> None:
        self._session.set_prices(series)
        if series.notice:  # e.g. a damaged price cache was set aside: the user must know
            self._session.messages.warning(f"{series.ticker} prices refreshed — {series.notice}")
        else:
            self._session.messages.post(f"{series.ticker} prices refreshed", "info")

    # --- import --------------------------------------------------------------------
    def ask_import(self) -> None:
        """File ▸ Import prices…: choose a CSV and import it."""
        name, _ = QFileDialog.getOpenFileName(
            self._parent,
            "Import prices (CSV)",
            str(Path.home()),
            "CSV files (*.csv *.txt);;All files (*)",
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, file: Path) -> None:
        """Validate and import `file` for the open ticker (all or nothing)."""
        if self.running:
            return
        ticker = self._session.plan.ticker
        paths, service = self._paths, self._service

        def op(progress: Progress) -> Any:
            result = service.import_csv(paths, ticker, file)
            return result, service.load_prices(paths, ticker)

        def done(value: Any) -> None:
            result, series = value
            self._session.set_prices(series)
            said = (f"Imported {result.rows} rows from {file.name} "
                    f"({result.first_date:%Y-%m-%d} to {result.last_date:%Y-%m-%d})")
            if result.notice:
                self._session.messages.warning(f"{said} — {result.notice}")
            else:
                self._session.messages.post(said, "info")

        self._start(f"Importing {file.name}…", op, done, title="Import failed")

    # --- plumbing --------------------------------------------------------------------
    def _start(
        self,
        label: str,
        op: Callable[[Progress], Any],
        success: Callable[[Any], None],
        title: str = "Refresh failed",
    ) -> None:
        dialog = QProgressDialog(label, "Cancel", 0, 100, self._parent)
        dialog.setWindowTitle("KC Desk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)
        self._dialog = dialog

        def on_progress(pct: int, text: str) -> None:
            # setValue on a modal dialog processes events, which may finish the job and
            # drop the dialog: hold our own reference.
            if dialog is not self._dialog:
                return
            if text:
                dialog.setLabelText(text)
            dialog.setValue(max(0, min(99, pct)))

        def finish() -> None:
            self._progress = None
            if self._dialog is not None:
                self._dialog.reset()
                self._dialog.deleteLater()
                self._dialog = None

        def ok(value: Any) -> None:
            finish()
            success(value)

        def failed(exc: Exception) -> None:
            finish()
            if isinstance(exc, (CancelledError, FetchCancelledError)):
                self._session.messages.post("Cancelled — prices unchanged", "warning")
                return
            # A fetch error reads plainly, with the library's words behind "Show Details";
            # a CSV error is its list of bad lines.
            plain = getattr(exc, "plain", str(exc))
            fallback = getattr(exc, "fallback", None)
            still = f" Still showing {fallback.source}." if fallback is not None else ""
            self._session.messages.post(f"{title}: {plain}{still}", "error")
            if self._parent is not None and self._parent.isVisible():
                ok_button = QMessageBox.StandardButton.Ok
                box = QMessageBox(QMessageBox.Icon.Warning, title, plain + still, ok_button,
                                  self._parent)
                if getattr(exc, "detail", ""):
                    box.setDetailedText(str(exc.detail))  # type: ignore[attr-defined]
                box.exec()

        self._progress = self._runner.start(op, ok, failed, on_progress)
        dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        """Stop waiting for the running job at once (closing the window does too).

        The job is told to stop and its late result is discarded; a hung download may go on
        in the background until it times out, but stores nothing.
        """
        if self._progress is not None:
            self._progress.cancel()
