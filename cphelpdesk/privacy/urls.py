from django.urls import path

from cphelpdesk.privacy import views

app_name = "privacy"
urlpatterns = [
    path("staff/personal-data/<int:pk>/<str:decision>/", views.resolve, name="resolve"),
]
