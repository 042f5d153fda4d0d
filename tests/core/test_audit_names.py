"""Audit actions are named in one style, `noun.past_verb`, and entries written under the old names were renamed."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from cphelpdesk.core import audit
from cphelpdesk.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).resolve().parents[2] / "cphelpdesk"
rename = importlib.import_module("cphelpdesk.core.migrations.0003_audit_action_names")


def test_the_migration_renames_old_entries_and_leaves_the_rest():
    old = [AuditEntry.objects.create(action=name, details={"n": index}) for index, name in enumerate(
        ["queries.exported", "surveys.rate", "surveys.open_survey", "surveys.add_question", "query.viewed"])]
    rename.forwards(apps, None)
    assert [AuditEntry.objects.get(pk=entry.pk).action for entry in old] == [
        "query_list.exported", "rating.submitted", "survey.opened", "survey_question.added", "query.viewed"]
    assert [AuditEntry.objects.get(pk=entry.pk).details for entry in old] == [{"n": n} for n in range(5)]
    rename.backwards(apps, None)
    assert AuditEntry.objects.get(pk=old[1].pk).action == "surveys.rate"


def test_every_new_name_is_in_style_and_no_old_name_is_left_in_the_code():
    assert all(audit.ACTION_NAME.fullmatch(name) for name in rename.RENAMED.values())
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in rename.RENAMED:
                found.add((str(path.relative_to(PACKAGE)), node.value))
    assert found == set()


@pytest.mark.parametrize("name", ["Query viewed", "queries", "survey.opened.again", "Survey.Opened", ""])
def test_a_name_in_another_shape_is_refused(name):
    with pytest.raises(ValueError):
        audit.record(actor=None, action=name)
    assert not AuditEntry.objects.exists()
