"""The default SLA policy from DESIGN.md; administrators change it in the admin."""

from django.db import migrations

from cphelpdesk.queries.reference import load_sla_policy


def create_defaults(apps, schema_editor):
    load_sla_policy(apps)


class Migration(migrations.Migration):
    dependencies = [("queries", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
