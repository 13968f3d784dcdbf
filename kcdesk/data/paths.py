"""Where KC Desk keeps things: user data, cache, shipped data. The only importer of platformdirs."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kcdesk"


@dataclass(frozen=True)
class AppPaths:
    """The directories of one profile: user data (the store) and cache (prices, yfinance)."""

    data_dir: Path
    cache_dir: Path

    @property
    def store_file(self) -> Path:
        return self.data_dir / "kcdesk.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def price_cache_file(self) -> Path:
        return self.cache_dir / "prices.sqlite3"

    @property
    def yfinance_cache_dir(self) -> Path:
        return self.cache_dir / "yfinance"

    def ensure(self) -> AppPaths:
        """Create the directories; returns self."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(data_dir: str | Path | None = None) -> AppPaths:
    """The profile's paths: platformdirs' user dirs, or everything under `data_dir` if given."""
    if data_dir is not None:
        root = Path(data_dir).expanduser().resolve()
        return AppPaths(root, root / "cache")
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def shipped_data_dir() -> Path:
    """The `data/` folder shipped with KC Desk: in the frozen app, the checkout, or share/."""
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller build unpacks its data there
    if bundle is not None:
        return Path(bundle) / "data"
    here = Path(__file__).resolve().parent.parent.parent / "data"
    if (here / "kc_plan.json").is_file():
        return here
    return Path(sys.prefix) / "share" / APP_NAME / "data"
