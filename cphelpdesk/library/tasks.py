"""Background work of the repository: text extraction from files (bounded, in a child process)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import task

from cphelpdesk.core.extraction import extract_text
from cphelpdesk.library.actions import record_extracted_text
from cphelpdesk.library.models import ResourceFile


@task()
def extract_file_text(file_id: int) -> str:
    """Extract a file's text for search and the personal-data review."""
    file = ResourceFile.objects.filter(pk=file_id).select_related("resource").first()
    if file is None:
        return "file gone"
    with file.file.open("rb") as stored:
        result = extract_text(stored.read(), name=file.name, content_type=file.content_type)
    record_extracted_text(file=file, text=result.text, pages=result.pages, error=str(result.error))
    return f"{len(result.text)} characters" + (f" ({result.error})" if result.error else "")


@receiver(post_save, sender=ResourceFile)
def extract_after_commit(sender, instance, created, **kwargs) -> None:
    """Every new file (`actions.store_file`) has its text extracted in the worker once the upload is committed;
    a signal, so that the actions need not import the tasks that call them."""
    if created:
        transaction.on_commit(lambda: extract_file_text.enqueue(instance.pk))
