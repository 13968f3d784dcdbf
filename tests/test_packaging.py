"""The desktop entry and AppStream metadata pass the validators; a frozen app finds its data."""

from __future__ import annotations

import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kcdesk.cli import build_parser
from kcdesk.data.paths import shipped_data_dir

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.kcdesk.KCDesk"
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    """The [Desktop Entry] group of the shipped desktop file."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    return entry["Desktop Entry"]


def _validate(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: desktop-file-utils / appstream)")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    done = _validate("desktop-file-validate", str(DESKTOP))
    # it prints hints as well as errors; a clean file prints nothing at all
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    done = _validate("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr
    # warnings would keep it out of software centres; infos (e.g. newer tags) are fine
    assert "W:" not in done.stdout and "E:" not in done.stdout, done.stdout


def test_the_desktop_entry_metainfo_and_icon_name_the_same_app() -> None:
    desktop = desktop_entry()
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert desktop["Exec"].split()[0] == component.findtext("provides/binary") == "kcdesk"
    assert desktop["Icon"] == APP_ID
    for suffix in (".svg", ".png"):
        assert (ROOT / "resources" / f"{APP_ID}{suffix}").is_file()


def test_a_frozen_build_reads_shipped_data_from_its_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert shipped_data_dir() == tmp_path / "data"


def test_a_checkout_reads_shipped_data_from_the_repository() -> None:
    assert shipped_data_dir() == ROOT / "data"


def _built_app() -> Path:
    """The PyInstaller build (README "Packaging"); $KCDESK_BUILT_APP names one built elsewhere."""
    app = Path(os.environ.get("KCDESK_BUILT_APP", ROOT / "dist" / "kcdesk" / "kcdesk"))
    if not app.is_file():
        pytest.skip(f"no built app at {app} (python3 dev.py package builds it)")
    return app


def test_the_built_app_has_every_subcommand_and_its_shipped_plan(tmp_path: Path) -> None:
    app = _built_app()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shown = subprocess.run([str(app), "--help"], capture_output=True, text=True, env=env,
                           timeout=120, check=True).stdout
    (commands,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    for name in commands.choices:
        assert f"    {name} " in shown or f"    {name}\n" in shown, name
    exported = subprocess.run([str(app), "--data-dir", str(tmp_path), "export-plan", "KC"],
                              capture_output=True, text=True, env=env, timeout=120, check=True)
    plan = json.loads(exported.stdout)
    # the shipped KC plan, read from the bundle's data/: its buy zone is the report's $10–12
    assert plan["ticker"] == "KC"
    assert plan["plan"]["zones"][0]["price"]["low"] == 10.0
