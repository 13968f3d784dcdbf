"""File ▸ Import metrics…: a CSV file validated, previewed (added / overwritten), then one action.

A refused file changes nothing and says which lines are wrong; a good one is shown as what it
would add and overwrite, and only "Import" commits it, as one undoable `session.propose`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kcdesk.data.metrics_csv import ImportPreview, read_metrics_csv
from kcdesk.data.prices.csv_import import CsvImportError
from kcdesk.model import fmt
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.desk.metrics import shown_log
from kcdesk.model.metric_log import MetricEntry
from kcdesk.ui.session import Session


def _row(e: MetricEntry) -> str:
    return f"{e.quarter}  {e.metric}  {fmt.range_value(e.value)}  ({e.kind}, {e.source})"


def preview_text(preview: ImportPreview) -> str:
    """What the import would do, a line a row."""
    lines = [f"Adds {len(preview.added)}, overwrites {len(preview.overwritten)}; "
             f"{len(preview.unchanged)} already logged."]
    lines += [f"+ {_row(e)}" for e in preview.added]
    lines += [f"~ {_row(old)}\n    → {_row(new)}" for old, new in preview.overwritten]
    return "\n".join(lines)


class ImportPreviewDialog(QDialog):
    """The preview; Import commits it, Cancel leaves everything as it was."""

    def __init__(self, name: str, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import metrics from {name}")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nothing is saved until you press Import.", self))
        self.text = QPlainTextEdit(preview_text(preview), self)
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def read_preview(session: Session, file: Path, today: date) -> ImportPreview | None:
    """The file's preview against the shown log; None (and an error message) if refused."""
    log = shown_log(session.desk, session.research)
    try:
        return read_metrics_csv(file, log, logged_on=today)
    except CsvImportError as exc:
        session.messages.error(str(exc).replace("\n", " "))
        return None


def commit_preview(session: Session, file: Path, preview: ImportPreview) -> bool:
    """Store the previewed log as one action."""
    if not preview.added and not preview.overwritten:
        session.messages.info(f"{file.name}: every row is already logged")
        return False
    return session.propose([SetPart(Part.METRIC_LOG, preview.log)],
                           f"Import metrics from {file.name}")


def ask_import_metrics(session: Session, parent: QWidget, today: date) -> bool:
    """Choose a file, preview it, import it on "Import"."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import metrics (CSV)", str(Path.home()),
                                          "CSV files (*.csv *.txt);;All files (*)")  # fmt: skip
    if not name:
        return False
    file = Path(name)
    preview = read_preview(session, file, today)
    if preview is None:
        return False
    if not ImportPreviewDialog(file.name, preview, parent).exec():
        return False
    return commit_preview(session, file, preview)
