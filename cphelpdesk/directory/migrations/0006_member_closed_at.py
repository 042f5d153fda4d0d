"""Members record when their account was closed; accounts closed before this migration are dated from their
last login (or joining, if they never logged in): the best trace left of when they stopped using it."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def date_closed_accounts(apps, schema_editor):
    Member = apps.get_model("directory", "Member")
    Member.objects.filter(is_active=False, closed_at__isnull=True).update(
        closed_at=Coalesce("last_login", "date_joined"))


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_member_terms_accepted_at_member_terms_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed'),
        ),
        migrations.RunPython(date_closed_accounts, migrations.RunPython.noop),
    ]
