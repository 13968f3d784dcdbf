"""JSON for people's scripts: NaN and infinities become null, never the non-JSON `NaN`."""

from __future__ import annotations

import json
import math


def _finite(obj: object) -> object:
    """`obj` with every non-finite float (NaN, ±inf) inside dicts, lists and tuples as None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: _finite(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(item) for item in obj]
    return obj


def dumps(obj: object, *, indent: int | None = 2) -> str:
    """`obj` as strict JSON text (UTF-8 kept as is); a missing number is null.

    Python's json writes NaN and Infinity, which no JSON parser accepts; allow_nan=False
    then catches any such float this walk did not reach.
    """
    return json.dumps(_finite(obj), indent=indent, ensure_ascii=False, allow_nan=False)
