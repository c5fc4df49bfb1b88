"""The WSGI application `make bench` serves: the portal as deployed, with the baseline views
of bench/baseline.py added under /__bench__/. Production serves ecoorigin.wsgi, which never
routes them."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoorigin.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "bench.urls"
application = get_wsgi_application()
