from django.urls import path

from cphelpdesk.privacy import retention_views, views

app_name = "privacy"
urlpatterns = [
    path("staff/personal-data/<int:pk>/<str:decision>/", views.resolve, name="resolve"),
    path("staff/retention/", retention_views.retention_page, name="retention"),
    path("staff/retention/holds/", retention_views.place_hold, name="place_hold"),
    path("staff/retention/holds/<int:pk>/lift/", retention_views.lift_hold, name="lift_hold"),
]
