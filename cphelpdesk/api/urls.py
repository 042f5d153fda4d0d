"""URLs of the token pages (the API itself is mounted at /api/)."""

from django.urls import path

from cphelpdesk.api import views

app_name = "api_tokens"
urlpatterns = [
    path("profile/api-tokens/", views.tokens, name="list"),
    path("profile/api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
