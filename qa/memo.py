"""What qa computes once per version of an index's rows: every add/remove gives the index a new
`rows` list, so the list itself (held with the value, so its id cannot be reused) is the key."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_rows(index, name: str, make: Callable[[], T]) -> T:
    """`make()` for this version of `index.rows`, kept on the index under `name` (an index that
    takes no attributes computes it each time)."""
    cached = getattr(index, name, None)
    if cached and cached[0] is index.rows:
        return cached[1]
    value = make()
    try:
        setattr(index, name, (index.rows, value))
    except AttributeError:
        pass
    return value


def has_column(index, row, column: str) -> bool:
    """Does any row of `row`'s plan fill `column`?  An empty cell is the plan's answer ("not
    assigned"); a column the plan does not have says nothing.  Worked out once per plan and column."""
    filled = per_rows(index, "_qa_filled", dict)
    key = (row.doc_key or row.doc, column)
    if key not in filled:
        filled[key] = any(getattr(r, column, None) for r in index.filter_rows(doc=key[0]))
    return filled[key]
