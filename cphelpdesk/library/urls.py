"""URLs of the repository: public pages under /resources/, staff work under /staff/resources/."""

from django.urls import path

from cphelpdesk.library import views

app_name = "library"
urlpatterns = [
    path("resources/", views.index, name="index"),
    path("resources/feed/", views.ResourceFeed(), name="feed"),
    path("resources/suggest/", views.suggest, name="suggest"),
    path("resources/<int:pk>/", views.resource, name="resource"),
    path("resources/<int:pk>/<slug:slug>/", views.resource, name="resource"),
    path("resources/<int:pk>/files/<int:file_id>/", views.download, name="download"),
    path("staff/search/", views.staff_search, name="staff_search"),
    path("staff/resources/", views.work_list, name="work_list"),
    path("staff/resources/new/", views.create, name="create"),
    path("staff/resources/<int:pk>/", views.review, name="review"),
    path("staff/resources/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/resources/<int:pk>/do/<str:action>/", views.act, name="act"),
    path("staff/resources/<int:pk>/files/<int:file_id>/replace/", views.replace_file, name="replace_file"),
    path("staff/resources/<int:pk>/files/<int:file_id>/remove/", views.remove_file, name="remove_file"),
    path("staff/resources/flags/<int:pk>/<str:decision>/", views.resolve_flag, name="resolve_flag"),
    path("queries/<str:reference>/bank/", views.bank, name="bank"),
]
