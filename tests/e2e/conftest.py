import pytest


@pytest.fixture(autouse=True)
def static_files_the_live_server_can_serve(settings):
    """Pages in browser tests get their stylesheet.

    pytest-django's live server answers /static/ with staticfiles' finders, which know
    `css/site.css` but not the hashed names (`site.1a2b3c.css`) that the production
    manifest storage writes into pages; without this, every browser test, its axe check
    and its screenshots would see pages without CSS.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
