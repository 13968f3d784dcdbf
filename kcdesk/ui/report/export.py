"""Export the report: one HTML text, saved as a self-contained .html or rendered to a .pdf."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.standing import Standing
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.ui.report.document import ReportContent, report_html

FORMATS = (".html", ".pdf")


class ReportError(Exception):
    """The report could not be written: the reason names the file and what is wrong."""


@dataclass(frozen=True)
class Exported:
    """What was written: the file, and its page count for a PDF (None for HTML)."""

    path: Path
    pages: int | None


def check_out(out: Path) -> Path:
    """`out` if a report can be written there; ReportError naming the problem otherwise."""
    if out.suffix.lower() not in FORMATS:
        raise ReportError(f"{out}: the file name must end in .pdf or .html")
    parent = out.parent
    if not parent.is_dir():
        raise ReportError(f"{out}: no such directory {str(parent)!r}")
    if out.is_dir():
        raise ReportError(f"{out}: is a directory")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ReportError(f"{out}: not writable")
    return out


def export_report(out: Path, desk: Desk, research: Research | None, prices: PriceSeries | None,
                  standing: Standing, *, range_name: str = "1Y",
                  made_at: dt.datetime | None = None) -> Exported:
    """Write the report of `desk` to `out` (.html or .pdf); needs a QApplication (the chart)."""
    from kcdesk.ui.report.chart_image import chart_png

    check_out(out)
    png = b"" if prices is None else chart_png(desk, standing, prices, range_name)
    content = ReportContent(desk, research, prices, standing, png,
                            made_at or dt.datetime.now().replace(microsecond=0), range_name)
    text = report_html(content)
    title = f"{desk.plan.name} ({desk.ticker}) — KC Desk report"
    try:
        if out.suffix.lower() == ".html":
            out.write_text(text, encoding="utf-8")
            return Exported(out, None)
        from kcdesk.ui.report.pdf import PdfError, write_pdf

        try:
            pages = write_pdf(text, out, title)
        except PdfError as exc:
            raise ReportError(str(exc)) from None
    except OSError as exc:
        raise ReportError(f"{out}: {exc.strerror or exc}") from None
    if not out.is_file() or out.stat().st_size == 0:
        raise ReportError(f"{out}: the PDF was not written")
    return Exported(out, pages)
