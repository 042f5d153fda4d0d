"""URLs of feedback on answers."""

from django.urls import path

from cphelpdesk.surveys import views

app_name = "surveys"
urlpatterns = [
    path("feedback/<str:reference>/<str:token>/", views.feedback, name="feedback"),
    path("queries/<str:reference>/rating/", views.rate, name="rate"),
]
