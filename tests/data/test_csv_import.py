"""CSV import: the bad-file table (line numbers, nothing stored) and the accepted variants."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.prices import service
from kcdesk.data.prices.csv_import import (
    MAX_LISTED,
    CsvFileSource,
    CsvImportError,
    parse_price_csv,
)
from kcdesk.data.prices.source import PriceFetchError

HEADER = "Date,Open,High,Low,Close,Volume\n"
GOOD = HEADER + "2024-01-02,10,11,9.5,10.5,1000\n2024-01-03,10.5,12,10,11.5,2000\n"


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir)


def write(tmp_path: Path, data: str | bytes, name: str = "prices.csv") -> Path:
    f = tmp_path / name
    f.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return f


BAD = [
    ("bad date", HEADER + "2024-01-02,10,11,9,10,1\n2024-13-45,10,11,9,10,1\n", 3, "not a date"),
    ("US date", HEADER + "01/02/2024,10,11,9,10,1\n", 2, "expected YYYY-MM-DD"),
    ("duplicate date", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,10,11,9,10,1\n"
     "2024-01-02,10,11,9,10,1\n", 4, "repeats line 2"),
    ("high below low", HEADER + "2024-01-02,10,9,11,10,1\n", 2, "high 9 is below low 11"),
    ("close above high", HEADER + "2024-01-02,10,11,9,12,1\n", 2, "close 12 is outside"),
    ("open below low", HEADER + "2024-01-02,8,11,9,10,1\n", 2, "open 8 is outside"),
    ("negative price", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,-1,11,-2,10,1\n", 3,
     "must be above zero"),
    ("zero close", "Date,Close\n2024-01-02,0\n", 2, "close 0 must be above zero"),
    ("non-numeric price", HEADER + "2024-01-02,10,11,9,abc,1\n", 2, "close 'abc' is not a number"),
    ("null row", HEADER + "2024-01-02,null,null,null,null,null\n", 2, "is not a number"),
    ("infinite price", HEADER + "2024-01-02,10,inf,9,10,1\n", 2, "high inf is not finite"),
    ("missing value", HEADER + "2024-01-02,10,11,9,,1\n", 2, "close is missing"),
    ("negative volume", HEADER + "2024-01-02,10,11,9,10,-5\n", 2, "volume -5 is negative"),
    ("wrong column count", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,10,11\n", 3,
     "expected 6 fields"),
    ("empty file", "", 1, "the file is empty"),
    ("header only", HEADER, 2, "no price rows after the header"),
    ("unknown column", "Date,Price\n2024-01-02,10\n", 1, "unknown column 'Price'"),
    ("no close column", "Date,Open\n2024-01-02,10\n", 1, "no Close column"),
    ("open without high/low", "Date,Open,Close\n2024-01-02,10,10\n", 1, "must all be given"),
    ("not UTF-8", b"Date,Close\n2024-01-02,10\n2024-01-03,\xff10\n", 3, "not UTF-8"),
    ("junk after the date", HEADER + "2024-01-02 not-a-time,10,11,9,10,1\n", 2,
     "'2024-01-02 not-a-time' is not a date"),
    ("year 0001", HEADER + "2024-01-02,10,11,9,10,1\n0001-01-02,10,11,9,10,1\n", 3,
     "date 0001-01-02 is outside 1900-01-01 to"),
    ("year 9999", HEADER + "9999-12-31,10,11,9,10,1\n", 2, "date 9999-12-31 is outside"),
    # csv's field limit is 128 KiB = 131,072 characters: 140,000 digits are over it
    ("a field over 128 KiB", GOOD + '2024-01-04,"' + "9" * 140_000 + '",11,9,10,1\n', 4,
     "a field is longer than 128 KiB"),
]


@pytest.mark.parametrize(("case", "text", "line", "problem"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_refused_with_its_line_and_changes_nothing(
    tmp_path: Path, paths: AppPaths, case: str, text: str | bytes, line: int, problem: str
) -> None:
    service.import_csv(paths, "KC", write(tmp_path, GOOD, "good.csv"))
    before = service.load_prices(paths, "KC")
    cache_bytes = paths.price_cache_file.read_bytes()

    with pytest.raises(CsvImportError) as err:
        service.import_csv(paths, "KC", write(tmp_path, text))
    assert any(p.line == line and problem in p.message for p in err.value.problems), str(err.value)
    assert f"line {line}: " in str(err.value) and "nothing imported" in str(err.value)

    after = service.load_prices(paths, "KC")
    assert paths.price_cache_file.read_bytes() == cache_bytes
    assert after.frame.equals(before.frame)
    assert after.source == before.source == "CSV import: good.csv"


def test_dates_up_to_the_day_after_today_are_accepted_and_later_ones_refused() -> None:
    # today 2025-06-01 (a Sunday): the latest date allowed is 2025-06-01 + 1 day = 2025-06-02
    ok = parse_price_csv(b"Date,Close\n2025-06-02,10\n", today=date(2025, 6, 1))
    assert list(ok.index.strftime("%Y-%m-%d")) == ["2025-06-02"]
    with pytest.raises(CsvImportError) as err:
        parse_price_csv(b"Date,Close\n2025-06-02,10\n2025-06-03,10\n", today=date(2025, 6, 1))
    assert [str(p) for p in err.value.problems] == [
        "line 3: date 2025-06-03 is outside 1900-01-01 to 2025-06-02"]
    oldest = parse_price_csv(b"Date,Close\n1900-01-01,10\n", today=date(2025, 6, 1))
    assert len(oldest) == 1


def test_a_missing_file_is_reported_plainly_with_no_line_number(tmp_path: Path,
                                                                 paths: AppPaths) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(CsvImportError) as err:
        service.import_csv(paths, "KC", missing)
    assert str(err.value) == f"nope.csv: there is no such file ({missing}) — nothing imported"
    with pytest.raises(CsvImportError, match="is a folder, not a file"):
        service.import_csv(paths, "KC", tmp_path)
    assert not paths.price_cache_file.exists()


def test_a_file_over_10_mb_is_refused_whole_without_being_read(tmp_path: Path,
                                                               paths: AppPaths) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:  # 200 MB, sparse: what once took 3.5 GB of memory
        f.write(GOOD.encode())
        f.truncate(200 * 1024 * 1024)
    with pytest.raises(CsvImportError) as err:
        service.import_csv(paths, "KC", huge)
    assert str(err.value).startswith("huge.csv: the file is larger than 10 MB")
    assert "line" not in str(err.value) and not paths.price_cache_file.exists()
    # 10 MB = 10 * 1024 * 1024 = 10,485,760 bytes is still allowed; one more byte is not
    with pytest.raises(CsvImportError, match="larger than 10 MB"):
        parse_price_csv(b" " * 10_485_761)


def test_bad_file_into_an_empty_cache_stores_nothing(tmp_path: Path, paths: AppPaths) -> None:
    with pytest.raises(CsvImportError):
        service.import_csv(paths, "ZZZ", write(tmp_path, HEADER + "2024-01-02,10,9,11,10,1\n"))
    assert service.load_prices(paths, "ZZZ").frame.empty


GOOD_VARIANTS = [
    ("plain", GOOD, True),
    ("BOM", "\ufeff" + GOOD, True),
    ("semicolons", GOOD.replace(",", ";"), True),
    ("semicolons with decimal commas",
     "Date;Open;High;Low;Close;Volume\n2024-01-02;10;11;9,5;10,5;1000\n"
     "2024-01-03;10,5;12;10;11,5;2000\n", True),
    ("Adj Close", "Date,Open,High,Low,Close,Adj Close,Volume\n"
     "2024-01-02,10,11,9.5,10.5,10.4,1000\n2024-01-03,10.5,12,10,11.5,11.4,2000\n", True),
    ("lower-case headers and CRLF", GOOD.lower().replace("\n", "\r\n"), True),
    ("Date,Close only", "Date,Close\n2024-01-02,10.5\n2024-01-03,11.5\n", False),
    ("descending dates", HEADER + "2024-01-03,10.5,12,10,11.5,2000\n"
     "2024-01-02,10,11,9.5,10.5,1000\n", True),
    ("yfinance timestamps", HEADER +
     "2024-01-02 00:00:00-05:00,10,11,9.5,10.5,1000\n"
     "2024-01-03 00:00:00-05:00,10.5,12,10,11.5,2000\n",
     True),
    ("comment lines and a blank line", "# a note\n" + GOOD + "\n", True),
]


@pytest.mark.parametrize(("case", "text", "has_ohlcv"), GOOD_VARIANTS,
                         ids=[g[0] for g in GOOD_VARIANTS])
def test_good_variants_are_accepted(
    tmp_path: Path, paths: AppPaths, case: str, text: str, has_ohlcv: bool
) -> None:
    result = service.import_csv(paths, "kc", write(tmp_path, text))
    assert (result.rows, str(result.first_date), str(result.last_date)) == (
        2, "2024-01-02", "2024-01-03")
    frame = service.load_prices(paths, "KC").frame
    assert frame["close"].tolist() == [10.5, 11.5]
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2024-01-02", "2024-01-03"]
    if has_ohlcv:
        assert frame.loc["2024-01-02", "low"] == 9.5 and frame["volume"].tolist() == [1000, 2000]
    else:  # close-only: open/high/low repeat the close, volume unknown
        assert frame["high"].tolist() == [10.5, 11.5]
        assert all(math.isnan(v) for v in frame["volume"])


def test_many_problems_list_the_first_ten_and_count_the_rest() -> None:
    rows = "".join(f"2024-01-{d:02d},10,11,9,x,1\n" for d in range(1, 26))
    with pytest.raises(CsvImportError) as err:
        parse_price_csv((HEADER + rows).encode(), "many.csv")
    assert err.value.total == 25 and len(err.value.problems) == MAX_LISTED
    assert [p.line for p in err.value.problems] == list(range(2, 12))
    assert "… and 15 more" in str(err.value)


def test_import_merges_with_what_is_cached(tmp_path: Path, paths: AppPaths) -> None:
    service.import_csv(paths, "KC", write(tmp_path, GOOD, "a.csv"))
    service.import_csv(paths, "KC", write(tmp_path, "Date,Close\n2024-01-03,11.75\n"
                                                    "2024-01-04,12\n", "b.csv"))
    series = service.load_prices(paths, "KC")
    assert series.frame["close"].tolist() == [10.5, 11.75, 12.0]
    assert series.source == "CSV import: b.csv" and series.as_of is not None


def test_csv_file_source(tmp_path: Path) -> None:
    source = CsvFileSource(write(tmp_path, GOOD))
    frame = source.fetch("KC", start=date(2024, 1, 3))
    assert frame["close"].tolist() == [11.5]
    with pytest.raises(PriceFetchError) as err:
        CsvFileSource(write(tmp_path, HEADER, "bad.csv")).fetch("KC")
    assert err.value.kind == "bad_data" and "line 2" in str(err.value)
    with pytest.raises(PriceFetchError) as err:
        CsvFileSource(tmp_path / "missing.csv").fetch("KC")
    assert "there is no such file" in str(err.value)



def test_a_csv_source_with_no_bars_in_the_range_says_so(tmp_path: Path) -> None:
    # GOOD ends on 2024-01-03: nothing from 2025 on; the error names the ticker and the file
    source = CsvFileSource(write(tmp_path, GOOD, "kc.csv"))
    with pytest.raises(PriceFetchError) as err:
        source.fetch("KC", start=date(2025, 1, 1))
    assert (err.value.kind, err.value.ticker, err.value.source) == (
        "no_data", "KC", "CSV import: kc.csv")  # fmt: skip
