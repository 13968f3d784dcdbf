"""The report's HTML rendered to PDF with Qt alone: QTextDocument pages, a footer, A4 or Letter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

T = QLocale.Country
# Where Letter is the paper in use (the Americas that follow the US); everywhere else A4.
LETTER_TERRITORIES = frozenset({
    T.UnitedStates, T.Canada, T.Mexico, T.Chile, T.Colombia, T.CostaRica, T.DominicanRepublic,
    T.ElSalvador, T.Guatemala, T.Nicaragua, T.Panama, T.Philippines, T.PuertoRico, T.Venezuela,
})  # fmt: skip
MARGIN_MM = 15.0
FOOTER_MM = 8.0
RESOLUTION = 300  # dots per inch of the PDF's device space (text is vector either way)


class PdfError(Exception):
    """The PDF could not be written (the reason names the file)."""


def system_territory() -> QLocale.Country:
    """The territory of the user's locale (LC_PAPER and friends are not read by Qt)."""
    return QLocale.system().territory()


def page_size_for(territory: QLocale.Country) -> QPageSize.PageSizeId:
    """Letter in the US, Canada, Mexico and their neighbours; A4 everywhere else."""
    return QPageSize.PageSizeId.Letter if territory in LETTER_TERRITORIES \
        else QPageSize.PageSizeId.A4


def _font(points: float) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    return font


def write_pdf(html: str, out: Path, title: str = "",
              page_size: QPageSize.PageSizeId | None = None) -> int:
    """Render `html` to `out` as PDF pages with "page i of n" in the footer; the page count."""
    size = page_size_for(system_territory()) if page_size is None else page_size
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("KC Desk")
    writer.setPageLayout(QPageLayout(
        QPageSize(size), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = FOOTER_MM / 25.4 * RESOLUTION
    body = QSizeF(paint.width(), paint.height() - footer)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # points and images sized for the PDF's dpi
    doc.setDefaultFont(_font(9))
    doc.setHtml(html)
    doc.setPageSize(body)  # the document breaks itself into pages of this height
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise PdfError(f"{out}: could not write the PDF")
    try:
        painter.setFont(_font(8))
        for number in range(pages):
            if number:
                writer.newPage()
            top = number * body.height()
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, body.width(), body.height()))
            painter.restore()
            box = QRectF(0, body.height(), body.width(), footer)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             title)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             f"page {number + 1} of {pages}")
    finally:
        painter.end()
    return pages
