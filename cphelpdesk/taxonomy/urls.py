"""URLs of the taxonomy pages."""

from django.urls import path

from cphelpdesk.taxonomy import views

app_name = "taxonomy"
urlpatterns = [path("glossary/", views.glossary, name="glossary")]
