"""URLs of the communities: the archive under /communities/."""

from django.urls import path

from cphelpdesk.communities.views import archive, posting, subscriptions

app_name = "communities"
urlpatterns = [
    path("communities/", archive.index, name="index"),
    path("communities/search/", archive.search_all, name="search_all"),
    path("communities/subscriptions/", subscriptions.subscriptions, name="subscriptions"),
    path("communities/subscriptions/<slug:slug>/", subscriptions.change, name="change_subscription"),
    path("communities/leave/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("communities/<slug:slug>/", archive.threads, name="community"),
    path("communities/<slug:slug>/threads/", archive.threads, name="threads"),
    path("communities/<slug:slug>/threads/new/", posting.new_thread, name="new_thread"),
    path("communities/<slug:slug>/threads/<int:pk>/", archive.thread, name="thread"),
    path("communities/<slug:slug>/threads/<int:pk>/reply/", posting.reply, name="reply"),
    path("communities/<slug:slug>/threads/<int:pk>/follow/", posting.follow, name="follow"),
    path("communities/<slug:slug>/posts/<uuid:uid>/", archive.post, name="post"),
    path("communities/<slug:slug>/attachments/<int:pk>/", archive.download, name="download"),
    path("communities/<slug:slug>/feed/", archive.CommunityFeed(), name="feed"),
    path("communities/<slug:slug>/search/", archive.search, name="search"),
]
