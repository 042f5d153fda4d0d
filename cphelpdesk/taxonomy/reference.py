"""Loading the topic taxonomy and the glossary from the project's own data files.

Registry-agnostic (data migrations and `load_reference` share it); creates what is missing and
fills empty fields, never overwriting an administrator's edits.
"""

from pathlib import Path

from cphelpdesk.core.reference import create_or_fill, read_csv, replace_shipped

DATA_DIR = Path(__file__).resolve().parent / "data"
# Topics whose queries default to a higher sensitivity level (DESIGN.md).
SENSITIVE_TOPICS = {"THEM.CAAFAG", "THEM.SGBV", "XCUT.PSEA"}


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of one of this app's data files."""
    return read_csv(DATA_DIR / name)


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
    columns = {field.name for field in GlossaryTerm._meta.get_fields()}
    topics = {}
    for row in parents_first(read_rows("topics.csv")):
        topics[row["code"]] = create_or_fill(Topic, lookup={"code": row["code"]}, values={
            "parent": topics.get(row["parent"]) if row["parent"] else None,
            "name": row["name_en"], "name_fr": row["name_fr"], "name_es": row["name_es"], "name_ar": row["name_ar"],
            "sensitive": row["code"] in SENSITIVE_TOPICS,
        })
    for row in read_rows("glossary.csv"):
        values = {**glossary_meanings(row), "topic": topics.get(row["topic"])}
        # An earlier migration loads the glossary into a model without the later columns.
        create_or_fill(GlossaryTerm, lookup={"term": row["term"]},
                       values={name: value for name, value in values.items() if name in columns})


def glossary_meanings(row: dict[str, str]) -> dict[str, str]:
    """A glossary.csv row's meanings, keyed by GlossaryTerm field."""
    return {"expansion": row["expansion_en"], "expansion_fr": row["fr"], "expansion_es": row["es"],
            "expansion_ar": row["ar"], "expansion_pt": row["pt"]}


def reword_glossary(apps, shipped: dict[str, dict[str, str]]) -> None:
    """Bring the meanings an earlier release shipped (term -> field -> text) up to glossary.csv, where unedited."""
    GlossaryTerm = apps.get_model("taxonomy", "GlossaryTerm")
    rows = {row["term"]: row for row in read_rows("glossary.csv")}
    for term in GlossaryTerm.objects.filter(term__in=shipped):
        replace_shipped(term, shipped=shipped[term.term], values=glossary_meanings(rows[term.term]))
