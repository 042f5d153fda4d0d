"""URLs of the core pages."""

from django.urls import path

from cphelpdesk.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("staff/", views.staff_home, name="staff_home"),
]
