"""The `kcdesk` entry point: help lists every command; the collector is left as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from kcdesk.cli import main


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("export-plan", "import-prices", "refresh", "status", "snapshot", "--data-dir"):
        assert command in out
    assert gc.isenabled()


def test_a_subcommand_runs_with_the_collector_on(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert main(["--data-dir", str(data_dir), "export-plan", "KC"]) == 0
    assert gc.isenabled()


def test_python_dash_m_is_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kcdesk", "export-plan", "NOPE"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "NOPE" in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("ticker", ["../x", "KC;rm", ""])
def test_a_hostile_ticker_for_the_window_is_refused_before_any_window(
    ticker: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kcdesk.app as app_mod

    def no_window(args: object) -> int:
        raise AssertionError("the window was opened")

    monkeypatch.setattr(app_mod, "run_window", no_window)
    assert main(["--data-dir", str(tmp_path / "p"), "--ticker", ticker]) == 2
    assert "ticker" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()  # nothing made for it
