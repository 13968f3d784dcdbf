"""The per-part writers and readers of the store: one pair per desk part, all in one transaction.

The Store opens a transaction and hands each changed part to its writer here; nothing here
begins or commits. Readers give back model values (a stored part that no longer validates is
reported as a StoreError naming the part, never half-read). Parts that are tables of their own
(the plan, its versions) have one; small parts are one JSON row each in `desk_parts`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kcdesk.data.plan_json import plan_from_json, plan_to_json
from kcdesk.data.store.records import DamagedPartError, json_text
from kcdesk.model import ladder, sizing
from kcdesk.model.checklists import checklists_from_json, checklists_to_json
from kcdesk.model.desk.desk import Note, Part, PlanVersion
from kcdesk.model.event_log import event_log_from_json, event_log_to_json
from kcdesk.model.journal import journal_from_json, journal_to_json
from kcdesk.model.metric_log import metric_log_from_json, metric_log_to_json
from kcdesk.model.triggers import rules_from_json, rules_to_json
from kcdesk.model.valuation.owned import entries_from_json, entries_to_json
from kcdesk.model.values import PlanError

JsonDict = dict[str, Any]
Writer = Callable[[sqlite3.Connection, str, Any, str], None]  # conn, ticker, value, time text
Reader = Callable[[sqlite3.Connection, str], Any]  # returns ABSENT when nothing is stored


class _Absent:
    """Nothing stored for this part: the desk keeps its default."""


ABSENT: Any = _Absent()


# ---- the plan: one row per ticker


def put_plan_json(conn: sqlite3.Connection, ticker: str, plan_json: JsonDict, at: str) -> None:
    """Make `plan_json` the current plan of `ticker` (no version: versions are explicit)."""
    text = json_text("plan_json", plan_json, must_be_object=True)
    conn.execute(
        "INSERT INTO plans (ticker, plan_json, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (ticker) DO UPDATE SET plan_json = excluded.plan_json,"
        " updated_at = excluded.updated_at",
        (ticker, text, at),
    )


def get_plan_json(conn: sqlite3.Connection, ticker: str) -> JsonDict | None:
    """The stored plan row as JSON; DamagedPartError when its text is not a JSON object."""
    row = conn.execute("SELECT plan_json FROM plans WHERE ticker = ?", (ticker,)).fetchone()
    if row is None:
        return None
    doc = _decode(Part.PLAN, ticker, json.loads, row[0])
    if not isinstance(doc, dict):
        raise DamagedPartError(ticker, Part.PLAN.value, "not a JSON object")
    return doc


def _write_plan(conn: sqlite3.Connection, ticker: str, plan: Any, at: str) -> None:
    put_plan_json(conn, ticker, plan_to_json(plan), at)


def _read_plan(conn: sqlite3.Connection, ticker: str) -> Any:
    doc = get_plan_json(conn, ticker)
    return ABSENT if doc is None else _decode(Part.PLAN, ticker, plan_from_json, doc)


# ---- explicit plan versions: rows of plan_versions with explicit = 1, numbered per ticker


def _write_versions(
    conn: sqlite3.Connection, ticker: str, versions: tuple[PlanVersion, ...], at: str
) -> None:
    stored = {
        int(r[0])
        for r in conn.execute(
            "SELECT number FROM plan_versions WHERE ticker = ? AND explicit = 1", (ticker,)
        )
    }
    wanted = {v.id: v for v in versions}
    for number in stored - set(wanted):  # an undone "save version"
        conn.execute(
            "DELETE FROM plan_versions WHERE ticker = ? AND explicit = 1 AND number = ?",
            (ticker, number),
        )
    for number in sorted(set(wanted) - stored):  # versions never change once saved
        v = wanted[number]
        conn.execute(
            "INSERT INTO plan_versions (ticker, saved_at, note, plan_json, explicit, number)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            (ticker, v.saved_at.isoformat(timespec="microseconds"), v.note,
             json_text("plan_json", plan_to_json(v.plan), must_be_object=True), number),
        )


def _read_versions(conn: sqlite3.Connection, ticker: str) -> Any:
    rows = conn.execute(
        "SELECT number, saved_at, note, plan_json FROM plan_versions"
        " WHERE ticker = ? AND explicit = 1 ORDER BY number",
        (ticker,),
    ).fetchall()

    def build(rows: list[Any]) -> tuple[PlanVersion, ...]:
        return tuple(
            PlanVersion(int(n), datetime.fromisoformat(t), note, plan_from_json(json.loads(j)))
            for n, t, note, j in rows
        )

    return _decode(Part.VERSIONS, ticker, build, rows) if rows else ABSENT


# ---- small parts: one JSON row each in desk_parts


@dataclass(frozen=True)
class JsonCodec:
    """How a small part becomes JSON and back."""

    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]


def _notes_to_json(notes: tuple[Note, ...]) -> list[JsonDict]:
    return [{"id": n.id, "on": n.on.isoformat(), "text": n.text} for n in notes]


def _notes_from_json(doc: list[JsonDict]) -> tuple[Note, ...]:
    return tuple(Note(int(d["id"]), date.fromisoformat(d["on"]), d["text"]) for d in doc)


def _time_to_json(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="microseconds")


def _time_from_json(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _optional(to_json: Callable[[Any], Any], from_json: Callable[[Any], Any]) -> JsonCodec:
    """A part that may be None (never set): stored as JSON null."""
    return JsonCodec(
        lambda v: None if v is None else to_json(v),
        lambda d: None if d is None else from_json(d),
    )


# Money in the journal and the sizer is written as decimal text ("1234.50"), never a float,
# so it reads back exact to the cent.
JSON_PARTS: dict[Part, JsonCodec] = {
    Part.NOTES: JsonCodec(_notes_to_json, _notes_from_json),
    Part.LAST_REVIEW: JsonCodec(_time_to_json, _time_from_json),
    Part.CHECKLISTS: _optional(checklists_to_json, checklists_from_json),
    Part.METRIC_LOG: _optional(metric_log_to_json, metric_log_from_json),
    Part.JOURNAL: JsonCodec(journal_to_json, journal_from_json),
    Part.POSITION: _optional(sizing.inputs_to_json, sizing.inputs_from_json),
    Part.LADDER: _optional(ladder.ladder_to_json, ladder.ladder_from_json),
    Part.EVENT_LOG: JsonCodec(event_log_to_json, event_log_from_json),
    Part.VALUATION: JsonCodec(entries_to_json, entries_from_json),
    Part.TRIGGERS: _optional(rules_to_json, rules_from_json),
}


def _json_writer(part: Part) -> Writer:
    codec = JSON_PARTS[part]

    def write(conn: sqlite3.Connection, ticker: str, value: Any, at: str) -> None:
        conn.execute(
            "INSERT INTO desk_parts (ticker, part, value_json, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (ticker, part) DO UPDATE SET value_json = excluded.value_json,"
            " updated_at = excluded.updated_at",
            (ticker, part.value, json_text(part.value, codec.to_json(value)), at),
        )

    return write


def _json_reader(part: Part) -> Reader:
    codec = JSON_PARTS[part]

    def read(conn: sqlite3.Connection, ticker: str) -> Any:
        row = conn.execute(
            "SELECT value_json FROM desk_parts WHERE ticker = ? AND part = ?",
            (ticker, part.value),
        ).fetchone()
        return ABSENT if row is None else _decode(
            part, ticker, lambda text: codec.from_json(json.loads(text)), row[0])

    return read


def _decode(part: Part, ticker: str, build: Callable[[Any], Any], raw: Any) -> Any:
    """`build(raw)`, or DamagedPartError naming the part (json's errors are ValueErrors)."""
    try:
        return build(raw)
    except (PlanError, KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = f"not valid JSON ({exc})" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise DamagedPartError(ticker, part.value, reason) from None


# Where each part's rows live, for setting a damaged part aside.
def _part_rows(part: Part) -> tuple[str, str, str]:
    """(table, content column, extra WHERE) of a part's stored rows."""
    if part is Part.PLAN:
        return "plans", "plan_json", ""
    if part is Part.VERSIONS:
        return "plan_versions", "plan_json", " AND explicit = 1"
    return "desk_parts", "value_json", f" AND part = '{part.value}'"


def set_aside_part(conn: sqlite3.Connection, ticker: str, part: Part, reason: str, at: str
                   ) -> int:
    """Move the stored rows of `part` into `set_aside` (kept, never read); returns how many."""
    table, column, where = _part_rows(part)
    rows = conn.execute(
        f"SELECT {column} FROM {table} WHERE ticker = ?{where}", (ticker,)
    ).fetchall()
    for (content,) in rows:
        conn.execute(
            "INSERT INTO set_aside (ticker, part, content, reason, set_aside_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ticker, part.value, str(content), reason, at),
        )
    conn.execute(f"DELETE FROM {table} WHERE ticker = ?{where}", (ticker,))
    return len(rows)


PARTS: dict[Part, tuple[Writer, Reader]] = {
    Part.PLAN: (_write_plan, _read_plan),
    Part.VERSIONS: (_write_versions, _read_versions),
    **{p: (_json_writer(p), _json_reader(p)) for p in JSON_PARTS},
}
