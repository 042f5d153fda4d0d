"""URLs of the inbound mail pages."""

from django.urls import path

from cphelpdesk.mail import views

app_name = "mail"
urlpatterns = [
    path("staff/mail/", views.inbound, name="inbound"),
    path("staff/mail/<int:pk>/raw/", views.raw, name="raw"),
    path("staff/mail/<int:pk>/reprocess/", views.reprocess, name="reprocess"),
    path("staff/outbox/", views.outbox, name="outbox"),
    path("staff/outbox/<int:pk>/retry/", views.retry, name="retry"),
]
