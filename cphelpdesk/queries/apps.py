"""App configuration for the query service."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueriesConfig(AppConfig):
    name = "cphelpdesk.queries"
    label = "queries"
    verbose_name = _("Queries")

    def ready(self) -> None:
        # Importing the tasks module registers the periodic SLA reminder with the scheduler.
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.queries import indexing, personal_data, tasks  # noqa: F401, PLC0415
        from cphelpdesk.search.index import register_source  # noqa: PLC0415

        register_source(indexing.KIND, indexing.all_documents)
        personal_data.register_steps()
