"""Tokens get an expiry and a scope. Tokens made before could do everything and never ended: they keep read and
write access (an integration must not break on upgrade) and end HELPDESK_API_TOKEN_DAYS after this migration,
which gives their owners that long to make a new token."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=getattr(settings, "HELPDESK_API_TOKEN_DAYS", 90)))


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=[("read", "Read only"), ("read_write", "Read and write")],
                                   default="read_write", max_length=10, verbose_name="access"),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(choices=[("read", "Read only"), ("read_write", "Read and write")],
                                   default="read", max_length=10, verbose_name="access"),
        ),
    ]
