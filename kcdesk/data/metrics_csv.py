"""The metric log as long CSV (`quarter,metric,value[,unit,currency,source,kind,logged_on]`).

Reading is validated and all or nothing: every problem names its file line (the header is
line 1) and a file with any problem changes nothing. A range is written `2350..2650` (or
`2350–2650`), an open end `150..` / `..1` (or `>150`, `150+`, `<1`). Numbers are written so
that reading them back gives the same float. Two rows of a file may share a quarter and metric
only when logged on different days (a restatement); an export read back is the same log.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kcdesk.data.prices.csv_import import CsvImportError, CsvProblem
from kcdesk.model.metric_log import (
    CURRENCIES,
    METRIC_KINDS,
    MetricEntry,
    MetricLog,
    date_from_json,
)
from kcdesk.model.metric_values import format_number as format_number  # the cells' text is
from kcdesk.model.metric_values import format_value, parse_value  # the model's (the tab's too)
from kcdesk.model.quarters import parse_quarter
from kcdesk.model.values import PlanError

COLUMNS = ("quarter", "metric", "value", "unit", "currency", "source", "kind", "logged_on")
REQUIRED = ("quarter", "metric", "value")
_UNIT_ALIASES = {"%": "pct", "percent": "pct", "m": "money", "millions": "money"}


def export_metrics_csv(log: MetricLog) -> str:
    """Every row of the log (restatements included), in log order, with all columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; quotes a lone \r in a cell too
    writer.writerow(COLUMNS)
    for e in log.entries:
        writer.writerow(
            (e.quarter, e.metric, format_value(e.low, e.high), e.unit, e.currency or "",
             e.source, e.kind, e.logged_on.isoformat())
        )  # fmt: skip
    return out.getvalue()


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, and the log it would leave (commit = store `log`)."""

    added: tuple[MetricEntry, ...]  # no value was logged for the quarter and metric
    overwritten: tuple[tuple[MetricEntry, MetricEntry], ...]  # (the value shown now, the new row)
    unchanged: tuple[MetricEntry, ...]  # the very same row is already logged
    log: MetricLog


def _row_entry(
    cells: dict[str, str], log: MetricLog, logged_on: date, currency: str | None, name: str
) -> MetricEntry:
    """One row as an entry (id provisional); ValueError or PlanError saying what is wrong."""
    quarter = parse_quarter(cells["quarter"])
    key = cells["metric"].strip()
    if key not in {d.key for d in log.metrics}:
        raise ValueError(f"unknown metric {key!r}")
    unit = log.metric(key).unit
    given_unit = cells.get("unit", "").strip().lower()
    if given_unit and _UNIT_ALIASES.get(given_unit, given_unit) != unit:
        raise ValueError(f"{key} is {unit}, the file says {given_unit!r}")
    try:
        low, high = parse_value(cells["value"])
    except ValueError as exc:
        raise ValueError(f"bad value {cells['value']!r}: {exc}") from None
    cur: str | None = cells.get("currency", "").strip().lower() or None
    if unit == "money" and cur is None:
        cur = currency
        if cur is None:
            raise ValueError(f"{key} is money: a currency ({', '.join(CURRENCIES)}) is needed")
    kind = cells.get("kind", "").strip().lower() or "reported"
    if kind not in METRIC_KINDS:
        raise ValueError(f"unknown kind {kind!r}, expected one of {METRIC_KINDS}")
    day = cells.get("logged_on", "").strip()
    return MetricEntry(
        id="m0",
        quarter=quarter,
        metric=key,
        low=low,
        high=high,
        unit=unit,
        currency=cur,  # type: ignore[arg-type]  # MetricEntry checks it
        kind=kind,
        source=cells.get("source", f"CSV import: {name}"),
        logged_on=date_from_json("logged_on", day) if day else logged_on,
    )


def _header(row: list[str]) -> list[str]:
    names = [c.strip().lower() for c in row]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing or len(set(names)) != len(names):
        raise ValueError(
            f"the header must name {', '.join(REQUIRED)} and may add {', '.join(COLUMNS[3:])}"
            f" once each (unknown: {unknown}, missing: {missing})"
        )
    return names


def parse_metrics_csv(
    text: str, log: MetricLog, *, logged_on: date, currency: str | None = None, name: str = "file"
) -> tuple[MetricEntry, ...]:
    """The file's rows as entries (ids not yet given); CsvImportError listing every problem.

    Missing cells default to: the metric's unit, `currency` for money, kind "reported",
    `logged_on`, source "CSV import: <name>".
    """
    problems: list[CsvProblem] = []
    rows: list[MetricEntry] = []
    seen: dict[tuple[str, str, date], int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                try:
                    header = _header(cells)
                except ValueError as exc:
                    raise CsvImportError(name, [CsvProblem(line, str(exc))]) from None
                continue
            if len(cells) != len(header):
                problems.append(
                    CsvProblem(line, f"expected {len(header)} cells, found {len(cells)}")
                )
                continue
            try:
                entry = _row_entry(dict(zip(header, cells, strict=True)), log, logged_on,
                                   currency, name)  # fmt: skip
            except (ValueError, PlanError) as exc:
                problems.append(CsvProblem(line, str(exc)))
                continue
            where = (entry.quarter, entry.metric, entry.logged_on)
            if where in seen:
                problems.append(CsvProblem(
                    line, f"{entry.quarter} {entry.metric} logged {entry.logged_on} is also on "
                    f"line {seen[where]}"))  # fmt: skip
                continue
            seen[where] = line
            rows.append(entry)
    except csv.Error as exc:
        problems.append(CsvProblem(reader.line_num, f"malformed CSV: {exc}"))
    if header is None and not problems:
        problems.append(CsvProblem(1, "the file is empty: a header line is needed"))
    if problems:
        raise CsvImportError(name, problems)
    return tuple(rows)


def preview_import(log: MetricLog, rows: tuple[MetricEntry, ...]) -> ImportPreview:
    """Sort the rows into added / overwriting / unchanged, and the log after the import.

    A row logged the same day as a logged row of its quarter and metric replaces that row
    (keeping its id); any other row is added, so a restatement keeps the old value's history.
    """
    current = log.current()
    added: list[MetricEntry] = []
    overwritten: list[tuple[MetricEntry, MetricEntry]] = []
    unchanged: list[MetricEntry] = []
    entries = list(log.entries)
    at = {(e.quarter, e.metric, e.logged_on): i for i, e in enumerate(entries)}
    next_id = int(log.new_id()[1:])
    for row in rows:
        i = at.get((row.quarter, row.metric, row.logged_on))
        if i is not None and entries[i].same_value(row):
            unchanged.append(entries[i])
            continue
        if i is None:
            new = replace(row, id=f"m{next_id}")
            next_id += 1
            entries.append(new)
        else:
            new = replace(row, id=entries[i].id)
            entries[i] = new
        shown = current.value(row.quarter, row.metric)
        if shown is None:
            added.append(new)
        else:
            overwritten.append((shown, new))
    after = MetricLog(tuple(entries), log.user_metrics)
    return ImportPreview(tuple(added), tuple(overwritten), tuple(unchanged), after)


def read_metrics_csv(
    path: Path, log: MetricLog, *, logged_on: date, currency: str | None = None
) -> ImportPreview:
    """Read, validate and preview a metrics file; a missing or unreadable file is refused too."""
    try:
        # newline="": a cell's own "\r\n" or "\r" must reach the CSV reader as written
        with path.open(encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise CsvImportError(path.name, [CsvProblem(0, f"cannot read the file: {why}")]) from None
    rows = parse_metrics_csv(text, log, logged_on=logged_on, currency=currency, name=path.name)
    return preview_import(log, rows)
