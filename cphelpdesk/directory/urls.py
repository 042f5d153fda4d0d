"""URLs of the directory pages."""

from django.urls import path

from cphelpdesk.directory import views

app_name = "directory"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Under /accounts/ with the other pages that a staff member without an authenticator may open.
    path("accounts/confirm-mailbox/", views.confirm_mailbox, name="confirm_mailbox"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("staff/members/pending/", views.pending_members, name="pending"),
    path("staff/members/<int:pk>/", views.member_detail, name="member"),
    path("staff/members/<int:pk>/approve/", views.approve, name="approve"),
    path("staff/members/<int:pk>/reject/", views.reject, name="reject"),
]
