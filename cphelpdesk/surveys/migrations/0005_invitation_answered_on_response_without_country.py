"""Invitations keep the day they were answered, not the moment; responses keep no country or desk."""

from django.db import migrations, models
from django.utils import timezone


def keep_the_day(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    for invitation in Invitation.objects.filter(responded_at__isnull=False).only("pk", "responded_at"):
        Invitation.objects.filter(pk=invitation.pk).update(
            responded_on=timezone.localdate(invitation.responded_at))


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0004_survey_counts_kept_at_close"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="responded_on",
            field=models.DateField(blank=True, null=True, verbose_name="answered on"),
        ),
        migrations.RunPython(keep_the_day, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="responded_at"),
        migrations.RemoveField(model_name="response", name="country"),
        migrations.RemoveField(model_name="response", name="desk"),
    ]
