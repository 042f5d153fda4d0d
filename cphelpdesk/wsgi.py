"""WSGI entry point for production servers (gunicorn, started by `manage.py serve`)."""

import gc
import os
from importlib import import_module

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphelpdesk.settings")
application = get_wsgi_application()

# Import every view now rather than on each worker's first request: under `gunicorn --preload` (as `serve`
# runs it) the code is then loaded once, before the workers fork, and shared by all of them. No database
# connection is opened here.
get_resolver().url_patterns  # noqa: B018

# The same for the libraries that views load only when they write a file (reportlab and svglib for PDFs,
# openpyxl for XLSX, pygal for charts): other processes that read the URL configuration (the task worker) never
# load them, but every web worker would, each its own copy, the first time someone downloads one (issue #17).
for module in ("openpyxl", "pygal", "pygal.style", "cphelpdesk.insight.worldmap", "cphelpdesk.insight.pdf",
               "cphelpdesk.learning.certificate_pdf", "cphelpdesk.learning.offline"):
    import_module(module)

# What is loaded so far lives as long as the process: the cyclic garbage collector need not walk it. Its full
# collections otherwise write to every object's header in each forked worker, which copies the pages shared with
# the master into each worker, one by one (gc.freeze; a no-op for a server that does not fork).
# A parent that forks other processes too (`serve`'s supervisor) has disabled the collector to freeze at its own
# time; a collection here would leave holes that its children fill.
if gc.isenabled():
    gc.collect()
    gc.freeze()
