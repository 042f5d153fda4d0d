"""mail.tasks became mail.inbound_tasks and mail.outbound_tasks (the IMAP poll went to mail.imap): tasks already
queued, and the scheduler's record of when each periodic task last ran, follow them to their new paths."""

from django.db import migrations

MOVED = {
    "cphelpdesk.mail.tasks.process_inbound_message": "cphelpdesk.mail.inbound_tasks.process_inbound_message",
    "cphelpdesk.mail.tasks.process_received_mail": "cphelpdesk.mail.inbound_tasks.process_received_mail",
    "cphelpdesk.mail.tasks.process_waiting_mail": "cphelpdesk.mail.inbound_tasks.process_waiting_mail",
    "cphelpdesk.mail.tasks.send_outbox": "cphelpdesk.mail.outbound_tasks.send_outbox",
    "cphelpdesk.mail.tasks.poll_imap_mailbox": "cphelpdesk.mail.imap.poll_imap_mailbox",
}


def _move(apps, moves: dict[str, str]) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    jobs = apps.get_model("core", "ScheduledJob")
    for old, new in moves.items():
        results.objects.filter(task_path=old).update(task_path=new)
        if jobs.objects.filter(name=new).exists():
            jobs.objects.filter(name=old).delete()
        else:
            jobs.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    _move(apps, MOVED)


def backwards(apps, schema_editor):
    _move(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0008_inbound_sender_authentication"),
        ("core", "0002_initial"),
        ("django_tasks_database", "0020_update_db_task_result_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
