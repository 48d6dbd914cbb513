"""WSGI entry point for gunicorn: ``gunicorn penata.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penata.settings")
application = get_wsgi_application()
