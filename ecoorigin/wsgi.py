import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoorigin.settings")

application = get_wsgi_application()
# The URL patterns import every view, form and serializer: loaded now, with the apps, they live
# as long as the process, out of the collector's reach. Its collections then walk only what
# requests create (gc.freeze), a few per cent of a page's time less.
import_module(settings.ROOT_URLCONF)
gc.freeze()
