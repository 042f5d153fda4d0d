"""The search index tables, and the engine's own structures for the database in use."""

from django.db import migrations, models
import django.db.models.deletion

SQLITE_CREATE = [
    # Our analysis produces the tokens: FTS5 must only split on spaces and keep them as they are.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, topics, body, tokenize = "unicode61 remove_diacritics 0")""",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
    # Checking scopes for every match reads this narrow index instead of the wide rows (which hold the body):
    # the ranked, scoped query then costs about what the bare FTS5 query does.
    "CREATE INDEX search_entry_scope ON search_searchentry (id, kind, audience, published, object_id)",
    # Deleting an entry by any route (rebuild, a flush between tests, the admin) removes its FTS row too.
    """CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END""",
]
SQLITE_DROP = [
    "DROP INDEX IF EXISTS search_entry_scope",
    "DROP TRIGGER IF EXISTS search_entry_deleted",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object id")),
                ("language", models.CharField(blank=True, max_length=8, verbose_name="language")),
                ("title", models.TextField(verbose_name="title")),
                ("body", models.TextField(blank=True, help_text="Raw text kept for snippets (truncated).", verbose_name="body")),
                ("audience", models.CharField(choices=[("public", "public"), ("members", "members"), ("staff", "staff")], default="staff", max_length=10, verbose_name="audience")),
                ("published", models.BooleanField(default=True, verbose_name="published")),
                ("doc_type", models.CharField(blank=True, max_length=60, verbose_name="type")),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year")),
                ("updated", models.DateTimeField(verbose_name="updated")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["updated", "id"], name="search_entry_recent")],
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique_object")],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[("term", models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name="term"))],
            options={"verbose_name": "search term", "verbose_name_plural": "search terms"},
        ),
        migrations.CreateModel(
            name="SearchFacet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=20, verbose_name="name")),
                ("value", models.CharField(max_length=100, verbose_name="value")),
                ("entry", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="facets", to="search.searchentry")),
            ],
            options={
                "verbose_name": "search facet",
                "verbose_name_plural": "search facets",
                "indexes": [
                    models.Index(fields=["name", "value", "entry"], name="search_facet_value"),
                    models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
                ],
            },
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
