import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if not os.environ.get("SECRET_KEY") and os.environ.get("DEBUG", "").lower() not in {"1", "true", "yes", "on"}:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment before serving the site.")

application = get_wsgi_application()

from ops.warmup import warm_up  # noqa: E402 (needs the app loaded above)

warm_up()
