from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "cphelpdesk.library"
    verbose_name = _("Resource repository")

    def ready(self):
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.library import indexing, personal_data, query_hooks, tasks  # noqa: F401, PLC0415
        from cphelpdesk.search.index import register_source  # noqa: PLC0415

        register_source("resource", indexing.all_documents)
        personal_data.register_steps()
        query_hooks.register()
