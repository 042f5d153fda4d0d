"""Audit actions are named in one style, `noun.past_verb` (issue #12): the entries written under the older names
take the new ones (`queries.*`, `surveys.*` and `privacy.*` named the app, not what was acted on). Only the
name changes; who, when, what and the details stay as written."""

from django.db import migrations

RENAMED = {
    "queries.exported": "query_list.exported",
    "surveys.rate": "rating.submitted",
    "surveys.respond": "survey_response.submitted",
    "surveys.exported": "survey_results.exported",
    "surveys.create_survey": "survey.created",
    "surveys.update_survey": "survey.updated",
    "surveys.add_section": "survey_section.added",
    "surveys.delete_section": "survey_section.deleted",
    "surveys.add_question": "survey_question.added",
    "surveys.update_question": "survey_question.updated",
    "surveys.delete_question": "survey_question.deleted",
    "surveys.move_question": "survey_question.moved",
    "surveys.set_audience": "survey.audience_set",
    "surveys.open_survey": "survey.opened",
    "surveys.invite_newcomers": "survey.newcomers_invited",
    "surveys.send_reminders": "survey.reminders_sent",
    "surveys.close_survey": "survey.closed",
    "privacy.data_exported": "member_data.exported",
    "privacy.erasure_requested": "erasure.requested",
    "privacy.erasure_done": "erasure.done",
    "privacy.erasure_refused": "erasure.refused",
    "privacy.hold_placed": "legal_hold.placed",
    "privacy.hold_lifted": "legal_hold.lifted",
    "privacy.retention_run": "retention.run",
}


def _rename(apps, names: dict[str, str]) -> None:
    # A queryset update: the model's append-only save() refuses to change an entry, and this is the one
    # sanctioned change (the name, never what happened).
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in names.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
