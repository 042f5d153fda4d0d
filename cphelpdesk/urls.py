"""Top-level URL map: each app owns its own URLs."""

from django.contrib import admin
from django.urls import include, path, re_path

from cphelpdesk.api import endpoints as api_endpoints
from cphelpdesk.api.endpoints import api
from cphelpdesk.directory import views as directory_views
from cphelpdesk.directory.admin_site import restrict_admin_to_administrators
from cphelpdesk.site import views as site_views

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("i18n/setlang/", site_views.switch_language, name="set_language"),
    # Sign-up asks for the country first (directory.views.MembershipSignupView); allauth does the rest.
    path("accounts/signup/", directory_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_endpoints.unknown_endpoint),
    path("", include("cphelpdesk.site.urls")),
    path("", include("cphelpdesk.directory.urls")),
    path("", include("cphelpdesk.taxonomy.urls")),
    path("", include("cphelpdesk.queries.urls")),
    path("", include("cphelpdesk.surveys.urls")),
    path("", include("cphelpdesk.api.urls")),
    path("", include("cphelpdesk.mail.urls")),
    path("", include("cphelpdesk.library.urls")),
    path("", include("cphelpdesk.communities.urls")),
    path("", include("cphelpdesk.learning.urls")),
    path("", include("cphelpdesk.learning.document_urls")),
    path("", include("cphelpdesk.privacy.urls")),
    path("", include("cphelpdesk.insight.urls")),
]
