"""The REST API (django-ninja): token authentication, the same permissions and actions as the web."""
