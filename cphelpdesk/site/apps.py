"""App configuration for the site: the project's pages that span apps (home, dashboard, staff home, the audit
log) and its service commands (`serve`, `worker`, `seed_demo`, `load_reference`), on the top floor."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "cphelpdesk.site"
    label = "site"
