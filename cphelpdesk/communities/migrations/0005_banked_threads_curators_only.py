"""Drafts banked from community threads before `Resource.curators_only` existed: only curators read them until
they are published (library.access)."""

from django.db import migrations


def restrict_banked_threads(apps, schema_editor):
    Resource = apps.get_model("library", "Resource")
    Resource.objects.filter(community_threads__isnull=False).update(curators_only=True)


class Migration(migrations.Migration):

    dependencies = [
        ("communities", "0004_reserved_list_names"),
        ("library", "0003_resource_curators_only"),
    ]

    operations = [migrations.RunPython(restrict_banked_threads, migrations.RunPython.noop)]
