"""`kcdesk report`: the file written and its path printed; a bad --out or --range exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcdesk.cli import main

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), "report", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_pdf_is_written_and_its_path_and_pages_printed(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "KC report.pdf"
    status, stdout, err = _run(data_dir, capsys, "KC", "--out", str(out))
    assert status == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    path, pages = stdout.strip().rsplit(" (", 1)
    assert path == str(out) and pages.endswith(" pages)") and int(pages.split()[0]) > 1


def test_an_html_file_is_written(data_dir: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kc.HTML"  # the suffix in any case
    status, stdout, _ = _run(data_dir, capsys, "--out", str(out), "--range", "6M")
    assert status == 0 and stdout.strip() == str(out)
    assert "KC, 6M, with the plan" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "reason"), [
    (["--out", "{tmp}/kc.png"], "must end in .pdf or .html"),
    (["--out", "{tmp}/nowhere/kc.pdf"], "no such directory"),
    (["--out", "{tmp}/kc.pdf", "--range", "2W"], "--range '2W'"),
    (["NOPE", "--out", "{tmp}/kc.pdf"], "NOPE"),
])
def test_refusals_exit_2_with_the_reason_and_write_nothing(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: list[str], reason: str) -> None:
    status, stdout, err = _run(data_dir, capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert status == 2 and stdout == ""
    assert err.startswith("kcdesk: error: ") and reason in err and "Traceback" not in err
    assert list(tmp_path.glob("kc.*")) == []
