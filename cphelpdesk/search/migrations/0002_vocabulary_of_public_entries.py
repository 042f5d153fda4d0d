"""The "did you mean" vocabulary holds only the words of entries open to everyone, per entry (issue #11).

The old table held every word ever indexed, a child's name typed in a query included: it is dropped whole,
then filled again from the public, published entries' stored title and text (`manage.py rebuild_index`
re-reads the full sources if wanted).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from cphelpdesk.search import analysis

    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchTerm = apps.get_model("search", "SearchTerm")
    public = SearchEntry.objects.using(schema_editor.connection.alias).filter(audience="public", published=True)
    for entry in public.only("pk", "title", "body").iterator(chunk_size=500):
        words = analysis.vocabulary_words(analysis.tokens(entry.title), analysis.tokens(entry.body))
        SearchTerm.objects.using(schema_editor.connection.alias).bulk_create(
            [SearchTerm(entry_id=entry.pk, term=word) for word in sorted(words)])


class Migration(migrations.Migration):

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.DeleteModel(name="SearchTerm"),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=40, verbose_name="term")),
                ("entry", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="+", to="search.searchentry")),
            ],
            options={
                "verbose_name": "search term", "verbose_name_plural": "search terms",
                "indexes": [models.Index(fields=["term"], name="search_term"),
                            models.Index(fields=["entry"], name="search_term_entry")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
