from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "cphelpdesk.library"
    verbose_name = _("Resource repository")

    def ready(self):
        from cphelpdesk.library import indexing, personal_data, query_hooks
        from cphelpdesk.search.index import register_source

        register_source("resource", indexing.all_documents)
        personal_data.register_steps()
        query_hooks.register()
