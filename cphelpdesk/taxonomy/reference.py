"""Loading the topic taxonomy and the glossary from the project's own data files.

Idempotent and registry-agnostic, so that data migrations and `load_reference` share it.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# Topics whose queries default to a higher sensitivity level (DESIGN.md).
SENSITIVE_TOPICS = {"THEM.CAAFAG", "THEM.SGBV", "XCUT.PSEA"}


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parents_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Order topic rows so that each parent comes before its children (codes do not show nesting)."""
    by_code = {row["code"]: row for row in rows}

    def depth(row):
        return 0 if not row["parent"] else 1 + depth(by_code[row["parent"]])

    return sorted(rows, key=depth)


def load_taxonomy(apps) -> None:
    """Create or update every topic (parents first) and every glossary term."""
    Topic = apps.get_model("taxonomy", "Topic")
    GlossaryTerm = apps.get_model("taxonomy", "GlossaryTerm")
    topics = {}
    for row in parents_first(read_rows("topics.csv")):
        topics[row["code"]], _ = Topic.objects.update_or_create(
            code=row["code"],
            defaults={
                "parent": topics.get(row["parent"]) if row["parent"] else None,
                "name": row["name_en"], "name_fr": row["name_fr"], "name_es": row["name_es"],
                "sensitive": row["code"] in SENSITIVE_TOPICS,
            },
        )
    for row in read_rows("glossary.csv"):
        GlossaryTerm.objects.update_or_create(
            term=row["term"],
            defaults={
                "expansion": row["expansion_en"], "expansion_fr": row["fr"], "expansion_es": row["es"],
                "expansion_ar": row["ar"], "topic": topics.get(row["topic"]),
            },
        )
