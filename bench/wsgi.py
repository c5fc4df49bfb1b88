"""The WSGI application `make bench` serves: the portal as deployed, with the baseline views
of bench/baseline.py added under /__bench__/ and its bare verification under /__bare__/.
Production serves ecoorigin.wsgi, which never routes them."""

import gc
import os
from importlib import import_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoorigin.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "bench.urls"
portal = get_wsgi_application()

from bench.baseline import BARE, bare_verification  # noqa: E402  (needs the apps loaded)

import_module(settings.ROOT_URLCONF)  # as ecoorigin.wsgi does
gc.freeze()


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(BARE):
        return bare_verification(environ, start_response)
    return portal(environ, start_response)
