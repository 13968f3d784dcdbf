"""Fault injection for the price cache: an error at every k-th write, and a full disk for real.

Each case asserts that every acknowledged write is still there, that a failed one changed
nothing, that a healthy cache is never set aside, and that the message is the plain one.
Bounded to a few seconds (marked slow with the other fault loops).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kcdesk.data.prices import cache as cache_module
from kcdesk.data.prices.cache import PriceCache, PriceCacheError
from tests.data import _sqlite_faults as faults

pytestmark = pytest.mark.slow

WRITES = 12  # writes per run; k = 1..4 fails every k-th one


def day_bars(day: int) -> pd.DataFrame:
    """One bar on business day `day` (0 = 2024-01-01) whose close is 10 + day."""
    idx = pd.bdate_range("2024-01-01", periods=day + 1, name="date")[-1:]
    close = 10.0 + day
    return pd.DataFrame({"open": [close], "high": [close + 1], "low": [close - 1],
                         "close": [close], "volume": [100.0]}, index=idx)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
@pytest.mark.parametrize("error", [faults.FULL, faults.IO_ERROR, faults.READ_ONLY],
                         ids=lambda e: e[0])
def test_an_error_at_every_kth_write_loses_no_acknowledged_bar(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, k: int, error: tuple[str, str]) -> None:
    cache = PriceCache(tmp_path / "prices.sqlite3")
    cache.write("KC", day_bars(0), "seed")  # before the faults: the schema is in place
    injected = faults.install(monkeypatch, cache_module)
    injected.on_write, injected.every = faults.sqlite_error(*error), k
    acknowledged = [10.0]
    for day in range(1, WRITES + 1):
        try:
            cache.write("KC", day_bars(day), "feed")
        except PriceCacheError as exc:
            assert exc.plain.startswith("Could not save prices in the price cache ")
            assert exc.plain.endswith("It was kept as it was.")
        else:
            acknowledged.append(10.0 + day)
        got = cache.read("KC")  # after every write, failed or not: exactly what was acknowledged
        assert got is not None and got.frame["close"].tolist() == acknowledged
    # every write issues three data statements (bars, fetches, series); k of them fail in turn
    assert len(acknowledged) - 1 < WRITES
    assert list(tmp_path.glob("*.corrupt-*")) == [] and cache.recovered is None


FULL_DISK_CHILD = """
import json, resource, signal, sys
from pathlib import Path
import pandas as pd
from kcdesk.data.prices.cache import PriceCache, PriceCacheError

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), not kills
cache = PriceCache(Path(sys.argv[1]))
cache.write("KC", pd.DataFrame({"open": [1.0], "high": [1.0], "low": [1.0], "close": [1.0],
            "volume": [1.0]}, index=pd.DatetimeIndex(["1990-01-01"], name="date")), "seed")
limit = Path(sys.argv[1]).stat().st_size + 96 * 1024  # room for a few writes, then full
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
acked, message = 0, ""
for n in range(1, 400):  # each write adds 250 days: the file outgrows the limit
    idx = pd.bdate_range("1990-01-02", periods=250 * n, name="date")
    close = [float(i % 50 + 2) for i in range(len(idx))]
    frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close,
                          "volume": close}, index=idx)
    try:
        cache.write("KC", frame, "feed")
    except PriceCacheError as exc:
        message = exc.plain
        break
    acked = len(idx)
print(json.dumps({"acked": acked, "message": message}))
"""


def test_a_full_disk_keeps_every_acknowledged_bar_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "prices.sqlite3"
    repo = Path(__file__).resolve().parents[2]  # the child imports this checkout's kcdesk
    done = subprocess.run([sys.executable, "-c", FULL_DISK_CHILD, str(path)], cwd=repo,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["message"], "the limit was never reached"
    assert result["message"].startswith("Could not save prices in the price cache ")
    assert result["acked"] > 0  # some writes fitted before the disk filled
    got = PriceCache(path).read("KC")  # in this process, with no limit
    # the seed bar (1990-01-01) plus the last acknowledged write's days from 1990-01-02
    assert got is not None and len(got.frame) == 1 + result["acked"]
    assert list(tmp_path.glob("*.corrupt-*")) == []
