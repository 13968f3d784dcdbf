"""File ▸ Export report…: a save dialog, then the report of the session's desk and prices."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from kcdesk.ui.report.export import ReportError, export_report
from kcdesk.ui.session import Session

FILTERS = "PDF document (*.pdf);;Web page, one file (*.html)"


def export_session_report(session: Session, out: Path) -> bool:
    """Write the report of what the window shows to `out`; says how it went in the messages."""
    try:
        done = export_report(out, session.desk, session.research, session.prices,
                             session.standing)
    except ReportError as exc:
        session.messages.error(f"Report not written: {exc}")
        return False
    pages = "" if done.pages is None else f" ({done.pages} pages)"
    session.messages.info(f"Report written to {done.path}{pages}.")
    return True


def ask_export_report(session: Session, parent: QWidget) -> bool:
    """Ask where to save (.pdf or .html, by the chosen filter) and write the report there."""
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export report", str(Path.home() / f"{session.desk.ticker}-report.pdf"), FILTERS)
    if not name:
        return False
    out = Path(name)
    if out.suffix.lower() not in (".pdf", ".html"):
        out = out.with_name(out.name + (".html" if "html" in chosen else ".pdf"))
    return export_session_report(session, out)
