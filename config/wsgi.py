import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

if not (settings.SECRET_KEY_FROM_ENVIRONMENT or settings.DEBUG):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment before serving the site.")

from config.warmup import warm_up  # noqa: E402 (needs the app loaded above)

warm_up()
