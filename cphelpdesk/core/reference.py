"""Shared helpers for loading reference data (facts kept as CSV files in each app's `data/`).

Loading never overwrites what administrators edited: rows are created when missing and only their
empty fields are filled, so re-running after a data file gains rows or columns is always safe.
"""

import csv
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV data file, as dictionaries keyed by its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def create_or_fill(model, *, lookup: dict, values: dict):
    """The row matching `lookup`, created with `values` if missing, else with its empty fields filled."""
    row, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        empty = [field for field, value in values.items() if getattr(row, field) in ("", None, [])
                 and value not in ("", None, [])]
        for field in empty:
            setattr(row, field, values[field])
        if empty:
            row.save(update_fields=empty)
    return row


def replace_shipped(row, *, shipped: dict, values: dict) -> None:
    """Set each field of `row` that still holds what an earlier release shipped (`shipped`) to its value in `values`.

    For data files that reword existing rows: a field an administrator edited no longer equals the shipped value
    and is kept.
    """
    changed = [field for field, old in shipped.items() if getattr(row, field) == old and values[field] != old]
    for field in changed:
        setattr(row, field, values[field])
    if changed:
        row.save(update_fields=changed)
