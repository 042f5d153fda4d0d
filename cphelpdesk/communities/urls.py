"""URLs of the communities: the archive under /communities/."""

from django.urls import path

from cphelpdesk.communities.views import (
    archive,
    channels,
    delivery,
    helpdesk,
    imports,
    moderation,
    posting,
    subscriptions,
)

app_name = "communities"
urlpatterns = [
    path("communities/", archive.index, name="index"),
    path("communities/search/", archive.search_all, name="search_all"),
    path("communities/subscriptions/", subscriptions.subscriptions, name="subscriptions"),
    path("communities/subscriptions/<slug:slug>/", subscriptions.change, name="change_subscription"),
    path("communities/leave/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("communities/resume/<str:token>/", delivery.resume, name="resume_delivery"),
    path("communities/confirm/<str:token>/", moderation.confirm, name="confirm"),
    path("communities/<slug:slug>/", archive.threads, name="community"),
    path("communities/<slug:slug>/threads/", archive.threads, name="threads"),
    path("communities/<slug:slug>/threads/new/", posting.new_thread, name="new_thread"),
    path("communities/<slug:slug>/threads/<int:pk>/", archive.thread, name="thread"),
    path("communities/<slug:slug>/threads/<int:pk>/reply/", posting.reply, name="reply"),
    path("communities/<slug:slug>/threads/<int:pk>/follow/", posting.follow, name="follow"),
    path("communities/<slug:slug>/posts/<uuid:uid>/", archive.post, name="post"),
    path("communities/<slug:slug>/moderation/", moderation.queue, name="moderation"),
    path("communities/<slug:slug>/moderation/posts/<uuid:uid>/", moderation.decide_post, name="moderate_post"),
    path("communities/<slug:slug>/moderation/requests/<int:pk>/", moderation.decide_request,
         name="moderate_request"),
    path("communities/<slug:slug>/subscribers/import/", imports.subscribers, name="import_subscribers"),
    path("communities/<slug:slug>/archive/import/", imports.archive, name="import_archive"),
    path("communities/<slug:slug>/threads/<int:pk>/query/", helpdesk.raise_query, name="raise_query"),
    path("communities/<slug:slug>/threads/<int:pk>/answer/", helpdesk.post_answer, name="post_answer"),
    path("communities/<slug:slug>/threads/<int:pk>/bank/", helpdesk.bank, name="bank_thread"),
    path("communities/<slug:slug>/chat-channels/", channels.manage, name="channels"),
    path("communities/<slug:slug>/chat-channels/<int:pk>/switch/", channels.switch, name="switch_channel"),
    path("communities/<slug:slug>/chat-channels/<int:pk>/new-secret/", channels.new_secret, name="channel_secret"),
    path("communities/<slug:slug>/attachments/<int:pk>/", archive.download, name="download"),
    path("communities/<slug:slug>/feed/", archive.CommunityFeed(), name="feed"),
    path("communities/<slug:slug>/search/", archive.search, name="search"),
]
