"""What the production server does once before it takes requests."""

import gc
import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver

from films import title_index

log = logging.getLogger(__name__)


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
    # What is loaded now lives as long as the server: out of the garbage collector's sight,
    # so that no worker's collection walks it again (or writes to its shared pages).
    gc.freeze()


def read_titles():
    """Type-ahead's copy of the titles (films/title_index.py), read by each worker as it
    starts (config/gunicorn.conf.py), before it takes a request: in make bench, workers
    reading it at their first suggestions kept those waiting 1.5 s."""
    try:
        title_index.current()
    except DatabaseError as error:  # not migrated yet: the worker reads it when first asked
        log.warning("Type-ahead's titles were not read at start-up: %s", error)


def site_templates():
    """The pages' templates (Jinja2: templates/ and each app's jinja2/) and the admin's own."""
    folders = [*engines["jinja2"].template_dirs, settings.BASE_DIR / "django_templates"]
    return [
        path.relative_to(folder).as_posix() for folder in folders for path in sorted(folder.rglob("*.html"))
    ]
