"""App configuration for the communities of practice."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "cphelpdesk.communities"
    label = "communities"
    verbose_name = _("Communities of practice")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        # Importing tasks and webhooks registers their periodic tasks (digests, old webhook receipts).
        from cphelpdesk.communities import inbound, indexing, personal_data, query_hooks, tasks, webhooks  # noqa: F401, PLC0415
        from cphelpdesk.mail import routes  # noqa: PLC0415
        from cphelpdesk.search.index import register_source  # noqa: PLC0415

        routes.register(inbound.route)
        personal_data.register_steps()
        query_hooks.register()
        register_source(indexing.KIND, indexing.all_documents)
