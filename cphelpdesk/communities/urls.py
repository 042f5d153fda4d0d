"""URLs of the communities: the archive under /communities/."""

from django.urls import path

from cphelpdesk.communities.views import archive, helpdesk, imports, subscriptions

app_name = "communities"
urlpatterns = [
    path("communities/", archive.index, name="index"),
    path("communities/leave/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("communities/<slug:slug>/", archive.threads, name="community"),
    path("communities/<slug:slug>/threads/", archive.threads, name="threads"),
    path("communities/<slug:slug>/threads/<int:pk>/", archive.thread, name="thread"),
    path("communities/<slug:slug>/posts/<uuid:uid>/", archive.post, name="post"),
    path("communities/<slug:slug>/subscribers/import/", imports.subscribers, name="import_subscribers"),
    path("communities/<slug:slug>/threads/<int:pk>/query/", helpdesk.raise_query, name="raise_query"),
    path("communities/<slug:slug>/threads/<int:pk>/answer/", helpdesk.post_answer, name="post_answer"),
    path("communities/<slug:slug>/threads/<int:pk>/bank/", helpdesk.bank, name="bank_thread"),
]
