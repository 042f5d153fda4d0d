"""URLs of the project's own pages."""

from django.urls import path

from cphelpdesk.site import audit_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/audit/", audit_views.audit_log, name="audit_log"),
    path("staff/mail-written/", views.mail_written, name="mail_written"),
    path("staff/mail-written/<str:name>/", views.mail_written_one, name="mail_written_one"),
]
