"""WSGI entry point for production servers (gunicorn, started by `manage.py serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphelpdesk.settings")
application = get_wsgi_application()
