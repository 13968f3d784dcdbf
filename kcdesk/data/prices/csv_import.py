"""Validated, all-or-nothing reading of daily prices from a CSV file (Yahoo-style or Date,Close).

Accepted: `Date,Open,High,Low,Close,Volume` with or without `Adj Close` (ignored: Close is
what the chart and the plan use), `Date,Close` with an optional `Volume`; comma or semicolon
(a semicolon file may use decimal commas); UTF-8 with or without BOM; headers in any case;
`#` comment lines before the header (the shipped sample uses them to say it is not market
data). Rows may come in any date order; a date may carry a time of day (yfinance writes
`2024-01-02 00:00:00-05:00`), nothing else. Every problem names its file line (the header of
a plain file is line 1); a problem with the whole file (missing, too big) says so; a file with
any problem yields nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from kcdesk.data.prices.source import PriceFetchError, clip
from kcdesk.model.prices import PRICE_COLUMNS

MAX_LISTED = 10  # problems listed in an error; the rest are counted
KNOWN = ("date", "open", "high", "low", "close", "adj close", "volume")
_OHL = ("open", "high", "low")
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Daily bars older than this exist nowhere (Yahoo's oldest histories start in the 1960s); a year
# 0001 or 9999 is a damaged or a hostile file. The latest date allowed is tomorrow (time zones).
EARLIEST_DATE = date(1900, 1, 1)
# A century of daily bars with every column is ~2 MB. Parsing holds 12-17 bytes of memory per
# byte of file (a 200 MB file took 3.5 GB), so bigger files are refused before they are read.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_TEXT = "10 MB"  # MAX_FILE_BYTES as the message says it
_TOO_BIG = (f"the file is larger than {MAX_FILE_TEXT}, the most a price file may be (a century "
            "of daily prices is about 2 MB)")
_DECIMAL_COMMA = re.compile(r"^([-+]?\d*),(\d+)$")


@dataclass(frozen=True, order=True)
class CsvProblem:
    """One thing wrong with the file, at a 1-based file line."""

    line: int  # 0: the whole file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class CsvImportError(ValueError):
    """The file was refused; `problems` holds the first MAX_LISTED, `total` counts them all."""

    def __init__(self, name: str, problems: list[CsvProblem], total: int | None = None) -> None:
        ordered = sorted(problems)
        self.name = name
        self.problems = tuple(ordered[:MAX_LISTED])
        self.total = len(ordered) if total is None else total
        lines = [f"  {p}" for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"  … and {self.total - len(self.problems)} more")
        noun = "problem" if self.total == 1 else "problems"
        if len(self.problems) == 1 and self.problems[0].line == 0:
            super().__init__(f"{name}: {self.problems[0]} — nothing imported")
        else:
            super().__init__(f"{name}: {self.total} {noun}, nothing imported:\n"
                             + "\n".join(lines))

    @classmethod
    def whole_file(cls, name: str, problem: str) -> CsvImportError:
        """The file as a whole was refused (missing, unreadable, too big): no line to name."""
        return cls(name, [CsvProblem(0, problem)])


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: how many rows, their first and last dates, and any notice."""

    rows: int
    first_date: date
    last_date: date
    notice: str = ""  # e.g. a damaged price cache was set aside to store them


def _header_name(cell: str) -> str:
    return " ".join(cell.strip().lower().replace("_", " ").split())


def _short(cell: str) -> str:
    return cell if len(cell) <= 24 else cell[:24] + "…"


class _Problems:
    """Collects problems from vectorised checks, keeping only the first few of each."""

    def __init__(self, table: pd.DataFrame, lines: list[int]) -> None:
        self.table = table
        self.lines = lines
        self.kept: list[CsvProblem] = []
        self.total = 0

    def check(self, bad: pd.Series | np.ndarray, template: str, **extra: pd.Series) -> None:
        """Record `template` for each row where `bad` is True.

        The template names the row's cells by column ("high {high} is below low {low}") and
        any `extra` per-row values; long cells are shortened.
        """
        rows = np.flatnonzero(np.asarray(bad, dtype=bool))
        self.total += len(rows)
        for r in map(int, rows[:MAX_LISTED]):
            fields = {c: _short(str(self.table[c].iloc[r])) for c in self.table.columns}
            fields |= {k: str(v.iloc[r]) for k, v in extra.items()}
            self.kept.append(CsvProblem(self.lines[r], template.format(**fields)))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvImportError(name, [CsvProblem(line, "not UTF-8 text")]) from None


def _find_header(text: str) -> tuple[int, str] | None:
    """(1-based line, delimiter) of the first line that is neither blank nor a # comment."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            delimiter = ";" if stripped.count(";") > stripped.count(",") else ","
            return number, delimiter
    return None


def _columns(header: list[str], line: int, name: str) -> list[str]:
    cols = [_header_name(c) for c in header]
    problems = [
        CsvProblem(line, f"unknown column {_short(raw)!r} (expected Date, Open, High, Low, Close, "
                   "Adj Close, Volume)")
        for raw, col in zip(header, cols, strict=True)
        if col not in KNOWN
    ]
    problems += [CsvProblem(line, f"column {c!r} appears twice") for c in sorted(set(cols))
                 if cols.count(c) > 1]
    problems += [CsvProblem(line, f"no {c.title()} column") for c in ("date", "close")
                 if c not in cols]
    present = [c for c in _OHL if c in cols]
    if present and len(present) < len(_OHL):
        problems.append(CsvProblem(line, "Open, High and Low must all be given, or none of them"))
    if problems:
        raise CsvImportError(name, problems)
    return cols


def _rows(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(file line, fields) of each CSV row; a row csv cannot read is a CsvImportError."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A field over csv's limit (128 KiB), say: no price file has one.
            problem = (f"a field is longer than {csv.field_size_limit() // 1024} KiB: this is "
                       "not a price file" if "field limit" in str(exc)
                       else f"cannot be read as CSV ({exc})")
            raise CsvImportError(name, [CsvProblem(reader.line_num, problem)]) from None
        yield reader.line_num, row


def parse_price_csv(data: bytes, name: str = "file", today: date | None = None) -> pd.DataFrame:
    """The file's bars as a price frame, dates ascending; CsvImportError if anything is wrong.

    Dates after `today` (default: the computer's date) plus a day are refused.
    """
    if len(data) > MAX_FILE_BYTES:
        raise CsvImportError.whole_file(name, _TOO_BIG)
    text = _decode(data, name)
    found = _find_header(text)
    if found is None:
        what = "the file is empty" if not text.strip() else "no header line"
        raise CsvImportError(name, [CsvProblem(1, f"{what} (expected Date,Open,High,Low,Close,"
                                                  "Volume or Date,Close)")])
    header_line, delimiter = found
    cols: list[str] = []
    cells: list[list[str]] = []
    lines: list[int] = []
    shape_problems: list[CsvProblem] = []
    for line_num, row in _rows(text, delimiter, name):
        if line_num < header_line or not row:
            continue  # comments before the header, blank lines
        if line_num == header_line:
            cols = _columns(row, header_line, name)
            continue
        if len(row) != len(cols):
            shape_problems.append(CsvProblem(
                line_num, f"expected {len(cols)} fields ({delimiter.join(cols)}), "
                f"found {len(row)}"))
            continue
        cells.append([c.strip() for c in row])
        lines.append(line_num)
    if not cells and not shape_problems:
        raise CsvImportError(name, [CsvProblem(header_line + 1, "no price rows after the header")])

    if not cells:
        raise CsvImportError(name, shape_problems)
    problems = _Problems(pd.DataFrame(cells, columns=cols, dtype="string"), lines)
    problems.kept += shape_problems[:MAX_LISTED]
    problems.total += len(shape_problems)
    latest = (today or date.today()) + timedelta(days=1)
    frame = _validate(problems, delimiter, latest)
    if frame is None:
        raise CsvImportError(name, problems.kept, problems.total)
    return frame


def _numbers(problems: _Problems, col: str, decimal_comma: bool) -> pd.Series:
    raw = problems.table[col]
    text = raw.str.replace(_DECIMAL_COMMA, r"\1.\2", regex=True) if decimal_comma else raw
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    missing = (raw == "").to_numpy(dtype=bool)
    problems.check(missing, f"{col} is missing")
    problems.check(values.isna().to_numpy() & ~missing, f"{col} {{{col}!r}} is not a number")
    problems.check(np.isinf(values.to_numpy()), f"{col} {{{col}}} is not finite")
    return values


def _validate(problems: _Problems, delimiter: str, latest: date) -> pd.DataFrame | None:
    """The checked frame, or None when `problems` recorded any (including earlier ones)."""
    table = problems.table
    raw_dates = table["date"]
    iso = raw_dates.str.match(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
    dates = pd.to_datetime(raw_dates.str.slice(0, 10).where(iso), format="%Y-%m-%d",
                           errors="coerce")
    bad_date = dates.isna().to_numpy()
    problems.check(bad_date, "date {date!r} is not a date (expected YYYY-MM-DD)")
    outside = ((dates < pd.Timestamp(EARLIEST_DATE)) | (dates > pd.Timestamp(latest))).to_numpy()
    problems.check(outside & ~bad_date,
                   f"date {{date}} is outside {EARLIEST_DATE:%Y-%m-%d} to {latest:%Y-%m-%d}")
    first_seen = pd.Series(problems.lines, index=dates).groupby(level=0).transform("first")
    repeat = dates.duplicated(keep="first") & ~bad_date
    problems.check(repeat, "date {date} repeats line {first}", first=first_seen)

    decimal_comma = delimiter == ";"
    values = {c: _numbers(problems, c, decimal_comma)
              for c in ("open", "high", "low", "close", "volume") if c in table.columns}
    for col in ("open", "high", "low", "close"):
        if col in values:
            problems.check((values[col] <= 0).to_numpy(), f"{col} {{{col}}} must be above zero")
    if "volume" in values:
        problems.check((values["volume"] < 0).to_numpy(), "volume {volume} is negative")
    if "open" in values:
        o, h, lo, c = (values[k] for k in ("open", "high", "low", "close"))
        inverted = (h < lo).to_numpy()
        problems.check(inverted, "high {high} is below low {low}")
        for col, v in (("open", o), ("close", c)):
            outside = ((v < lo) | (v > h)).to_numpy() & ~inverted
            problems.check(outside, f"{col} {{{col}}} is outside low–high {{low}}–{{high}}")
    if problems.total:
        return None
    close = values["close"].to_numpy()
    frame = pd.DataFrame(
        {
            "open": values["open"].to_numpy() if "open" in values else close,
            "high": values["high"].to_numpy() if "high" in values else close,
            "low": values["low"].to_numpy() if "low" in values else close,
            "close": close,
            "volume": values["volume"].to_numpy() if "volume" in values else np.nan,
        },
        index=pd.DatetimeIndex(dates, name="date"),
        columns=list(PRICE_COLUMNS),
    ).astype("float64")
    return frame.sort_index()


def _unreadable(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"there is no such file ({path})"
    if isinstance(exc, IsADirectoryError):
        return f"this is a folder, not a file ({path})"
    if isinstance(exc, PermissionError):
        return f"permission denied: KC Desk may not read {path}"
    return f"cannot read the file ({exc.strerror or exc})"


def read_price_csv(path: Path, today: date | None = None) -> pd.DataFrame:
    """Read and validate a price file; an unreadable or oversized file is a CsvImportError too."""
    try:
        with path.open("rb") as handle:
            # read one byte past the limit, so a huge (or endless: /dev/zero) file is never held
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CsvImportError.whole_file(path.name, _unreadable(path, exc)) from None
    return parse_price_csv(data, path.name, today)


class CsvFileSource:
    """A PriceSource over one CSV file (the ticker is whatever the user says the file holds)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"CSV import: {path.name}"

    def fetch(self, ticker: str, start: date | None = None, end: date | None = None
              ) -> pd.DataFrame:
        try:
            frame = clip(read_price_csv(self.path), start, end)
        except CsvImportError as exc:
            raise PriceFetchError("bad_data", ticker, self.name, str(exc)) from exc
        if frame.empty:
            raise PriceFetchError("no_data", ticker, self.name)
        return frame
