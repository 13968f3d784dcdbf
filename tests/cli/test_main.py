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
