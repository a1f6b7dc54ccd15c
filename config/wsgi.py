import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What is loaded now (modules, settings, models) lives as long as the worker: the garbage
# collector's full rounds need not walk it again on every busy request.
gc.freeze()
