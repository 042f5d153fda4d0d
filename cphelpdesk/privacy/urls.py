"""URLs of privacy: personal-data findings, the notice and terms, data rights, retention and holds."""

from django.urls import path

from cphelpdesk.privacy import retention_views, views

app_name = "privacy"
urlpatterns = [
    path("staff/personal-data/<int:pk>/<str:decision>/", views.resolve, name="resolve"),
    path("privacy/", views.notice, name="notice"),
    path("privacy/accept/", views.accept, name="accept"),
    path("terms/", views.terms, name="terms"),
    path("profile/my-data/", views.my_data, name="my_data"),
    path("staff/data-requests/", views.data_requests, name="data_requests"),
    path("staff/data-requests/<int:pk>/decide/", views.decide, name="decide"),
    path("staff/retention/", retention_views.retention_page, name="retention"),
    path("staff/retention/holds/", retention_views.place_hold, name="place_hold"),
    path("staff/retention/holds/<int:pk>/lift/", retention_views.lift_hold, name="lift_hold"),
]
