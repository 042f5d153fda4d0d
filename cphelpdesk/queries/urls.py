"""URLs of the query service."""

from django.urls import path

from cphelpdesk.queries import requester_views, views

app_name = "queries"
urlpatterns = [
    path("queries/new/", views.submit, name="submit"),
    path("queries/mine/", views.mine, name="mine"),
    path("queries/<str:reference>/", views.detail, name="detail"),
    path("queries/<str:reference>/submitted/", views.submitted, name="submitted"),
    path("queries/<str:reference>/like-this/", views.like_this, name="like_this"),
    path("queries/<str:reference>/do/<slug:action>/", views.act, name="act"),
    path("queries/<str:reference>/files/<int:pk>/", views.download, name="download"),
    path("queries/<str:reference>/follow/<str:token>/", requester_views.follow, name="follow"),
    path("staff/queries/", views.queue, name="queue"),
    path("staff/queries/new/", views.log_query, name="log"),
    path("staff/queries/export/", views.export, name="export"),
    path("staff/gaps/", views.gaps, name="gaps"),
    path("staff/gaps/<int:pk>/", views.gap_update, name="gap_update"),
    path("referrals/<str:token>/", views.referral_answer, name="referral_answer"),
]
