"""URLs of the communities: the archive under /communities/."""

from django.urls import path

from cphelpdesk.communities.views import archive, channels, subscriptions

app_name = "communities"
urlpatterns = [
    path("communities/", archive.index, name="index"),
    path("communities/leave/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("communities/<slug:slug>/", archive.threads, name="community"),
    path("communities/<slug:slug>/threads/", archive.threads, name="threads"),
    path("communities/<slug:slug>/threads/<int:pk>/", archive.thread, name="thread"),
    path("communities/<slug:slug>/posts/<uuid:uid>/", archive.post, name="post"),
    path("communities/<slug:slug>/chat-channels/", channels.manage, name="channels"),
    path("communities/<slug:slug>/chat-channels/<int:pk>/switch/", channels.switch, name="switch_channel"),
    path("communities/<slug:slug>/chat-channels/<int:pk>/new-secret/", channels.new_secret, name="channel_secret"),
]
