"""The site's URLs plus a stand-in for the learning pages' `session` URL, which the reminders link to; the
learning pages are built beside this work (drop this module once `learning.urls` is in cphelpdesk.urls)."""

from django.http import HttpResponse
from django.urls import include, path

from cphelpdesk.urls import urlpatterns as site_patterns

learning_patterns = ([path("learning/sessions/<int:pk>/", lambda request, pk: HttpResponse(), name="session")],
                     "learning")

urlpatterns = [*site_patterns, path("", include(learning_patterns))]
