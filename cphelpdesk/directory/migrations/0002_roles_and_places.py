"""Create one group per role, and the reference places (countries, regions, desks, national groups)."""

from django.db import migrations

from cphelpdesk.directory.reference import load_places, load_roles


def create_roles_and_places(apps, schema_editor):
    load_roles(apps)
    load_places(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles_and_places, migrations.RunPython.noop)]
