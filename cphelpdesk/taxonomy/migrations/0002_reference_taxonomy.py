"""Load the topic taxonomy and the glossary from the project's data files."""

from django.db import migrations

from cphelpdesk.taxonomy.reference import load_taxonomy


def load(apps, schema_editor):
    load_taxonomy(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
