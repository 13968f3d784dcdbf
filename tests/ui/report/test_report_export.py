"""Exporting the report: a self-contained .html, a paged .pdf on the locale's paper, refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize
from pytestqt.qtbot import QtBot

from kcdesk.ui.report import pdf
from kcdesk.ui.report.export import ReportError, export_report
from tests.ui.report.conftest import MADE_AT, Shipped

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()
# PDF page sizes in points (1/72 inch): A4 is 210 × 297 mm, Letter 8.5 × 11 in
A4_POINTS = (595, 842)  # 210 / 25.4 × 72 = 595.3, 297 / 25.4 × 72 = 841.9
LETTER_POINTS = (612, 792)  # 8.5 × 72, 11 × 72


def export(s: Shipped, out: Path) -> int | None:
    return export_report(out, s.desk, s.research, s.prices, s.standing, made_at=MADE_AT).pages


def page_sizes(data: bytes) -> list[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def test_the_html_file_stands_alone(qtbot: QtBot, shipped: Shipped, tmp_path: Path) -> None:
    out = tmp_path / "kc.html"
    assert export(shipped, out) is None
    text = out.read_text(encoding="utf-8")
    assert "<style>" in text and "<link" not in text  # the CSS inline, no stylesheet to fetch
    for scheme in ("http:", "https:", "file:"):
        assert scheme not in text
    sources = re.findall(r"""(?:src|href)\s*=\s*['"]([^'"]*)""", text)
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")


def test_the_pdf_has_pages_numbered_on_a4_outside_the_americas(
        qtbot: QtBot, shipped: Shipped, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "system_territory", lambda: QLocale.Country.Germany)
    out = tmp_path / "kc.pdf"
    pages = export(shipped, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    page_objects = len(re.findall(rb"/Type /Page\b(?!s)", data))
    assert pages is not None and pages > 1 and page_objects == pages
    assert page_sizes(data) == [A4_POINTS] * pages


def test_the_pdf_is_on_letter_in_the_us(
        qtbot: QtBot, shipped: Shipped, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "system_territory", lambda: QLocale.Country.UnitedStates)
    out = tmp_path / "kc.pdf"
    pages = export(shipped, out)
    assert pages is not None and page_sizes(out.read_bytes()) == [LETTER_POINTS] * pages


@pytest.mark.parametrize(("territory", "size"), [
    (QLocale.Country.UnitedStates, QPageSize.PageSizeId.Letter),
    (QLocale.Country.Canada, QPageSize.PageSizeId.Letter),
    (QLocale.Country.Mexico, QPageSize.PageSizeId.Letter),
    (QLocale.Country.UnitedKingdom, QPageSize.PageSizeId.A4),
    (QLocale.Country.China, QPageSize.PageSizeId.A4),
    (QLocale.Country.AnyCountry, QPageSize.PageSizeId.A4),  # the "C" locale: A4
])
def test_paper_follows_the_territory(territory: QLocale.Country,
                                     size: QPageSize.PageSizeId) -> None:
    assert pdf.page_size_for(territory) == size


@pytest.mark.parametrize(("name", "reason"), [
    ("kc.txt", "must end in .pdf or .html"),
    ("missing/kc.pdf", "no such directory"),
    ("folder.pdf", "is a directory"),
])
def test_a_bad_destination_is_refused_before_anything_is_made(
        shipped: Shipped, tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(ReportError, match=reason):
        export(shipped, tmp_path / name)
    assert not (tmp_path / "kc.txt").exists()
