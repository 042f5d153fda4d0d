from django.urls import path

from cphelpdesk.insight import views

app_name = "insight"
urlpatterns = [
    path("insight/", views.dashboard, name="dashboard"),
    path("insight/report/", views.report, name="report"),
    path("insight/charts/<slug:name>.svg", views.chart, name="chart"),
    path("insight/outreach/", views.outreach, name="outreach"),
]
