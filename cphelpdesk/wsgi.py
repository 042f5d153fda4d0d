"""WSGI entry point for production servers (gunicorn, started by `manage.py serve`)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphelpdesk.settings")
application = get_wsgi_application()

# Import every view now rather than on each worker's first request: under `gunicorn --preload` (as `serve`
# runs it) the code is then loaded once, before the workers fork, and shared by all of them. No database
# connection is opened here.
get_resolver().url_patterns  # noqa: B018
