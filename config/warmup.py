"""What the production server does once before it takes requests."""

from django.conf import settings
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver


def warm_up():
    """Import every view and compile the site's templates now, while the server loads the
    app, rather than in the first requests each worker serves: those would wait up to a
    second for it. gunicorn loads the app once, before it starts the workers
    (`preload_app`), so they all begin warm and share these pages of memory."""
    get_resolver().resolve("/")
    for name in site_templates():
        get_template(name)
    # Nothing above should open a database connection; a forked worker must never share one.
    connections.close_all()


def site_templates():
    folder = settings.BASE_DIR / "templates"
    return [path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*.html"))]
