"""The seven content categories are defined once, in advisories.models.Category: every list
of fields per category (review scores, a child's limits, the filters, the API's fields and
the forms) is made from it."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User  # noqa: F401 (loads the apps' models first)
from advisories.models import Category, FilmRating
from families.forms import ChildLimitsForm
from families.models import Child
from pages.api.serializers import RatingsSerializer, ScoresSerializer
from pages.filters import FilmFilterSet
from reviews.api.serializers import ReviewSerializer
from reviews.forms import ReviewForm
from reviews.models import CommunityAdvisory, Contribution

KEYS = [category.value for category in Category]
BOUNDS = [category.bound_name for category in Category]


def test_every_list_of_category_fields_is_made_from_category():
    assert [f"{key}_score" for key in KEYS] == [
        field.name for field in Contribution._meta.fields if field.name.endswith("_score")
    ]
    assert [f"{key}_note" for key in KEYS] == [
        field.name for field in Contribution._meta.fields if field.name.endswith("_note")
    ]
    assert [f.name for f in FilmRating._meta.fields][-len(KEYS):] == KEYS
    assert [f.name for f in CommunityAdvisory._meta.fields if f.name in KEYS] == KEYS
    assert [field.name for field in Child._meta.fields if field.name.endswith(("_max", "_min"))] == BOUNDS
    filters = [name for name in FilmFilterSet.base_filters if name.endswith(("_max", "_min"))]
    assert [name for name in filters if name not in {"age_max", "year_max", "year_min"}] == BOUNDS
    assert list(ScoresSerializer().fields) == KEYS
    assert list(RatingsSerializer().fields) == KEYS
    scores = [f"{key}_score" for key in KEYS]
    assert [name for name in ReviewSerializer().fields if name.endswith("_score")] == scores
    assert [name for name in ReviewForm().fields if name.endswith("_score")] == scores
    assert sorted(name for name in ChildLimitsForm(owner=None).fields if name in BOUNDS) == sorted(BOUNDS)


NEW_CATEGORY = '    SCARY_THEMES = "scary_themes", "Scary themes"\n'

CHECK_THE_NEW_CATEGORY = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client
    from advisories.models import Category
    from families.models import Child, default_limits
    from pages.filters import FilmFilterSet
    from reviews.api.serializers import ReviewSerializer
    from reviews.models import Contribution

    assert "scary_themes" in Category.values
    assert "scary_themes_score" in {f.name for f in Contribution._meta.fields}
    assert "scary_themes_max" in {f.name for f in Child._meta.fields}
    assert default_limits(8)["scary_themes_max"] == 5, "a concern the table does not list is not limited"
    assert "scary_themes_max" in FilmFilterSet.base_filters
    assert "scary_themes_score" in ReviewSerializer().fields
    client = Client()
    assert client.get("/films/?scary_themes_max=2").status_code == 200
    assert client.get("/films/?scary_themes_max=9").status_code == 400
    assert client.get("/api/v1/films/?scary_themes_max=2").status_code == 200
    assert b"scary_themes_max" in client.get("/api/schema/").content
    print("the new category works everywhere")
    """
)


@pytest.mark.engine_independent
def test_adding_a_category_to_category_and_a_migration_is_all_that_is_needed(tmp_path):
    """Copy the project, add one line to Category, make its migrations, and the new
    category is in the models, the filters, the API and the pages."""
    project = tmp_path / "project"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=settings.BASE_DIR, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, tracked):
        source = Path(settings.BASE_DIR) / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    models = project / "advisories" / "models.py"
    text = models.read_text()
    anchor = '    DRINKING = "drinking", "Drinking, drugs & smoking"\n'
    assert anchor in text
    models.write_text(text.replace(anchor, anchor + NEW_CATEGORY))

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REELWISE_VAR_DIR": str(tmp_path / "var"),
        "REELWISE_PLAIN_STATIC": "1",
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "testserver",
    }

    def run(*args):
        result = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    made = run(sys.executable, "manage.py", "makemigrations")
    assert "scary_themes_score" in made and "scary_themes_max" in made
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
    run(sys.executable, "manage.py", "check")
    assert "the new category works everywhere" in run(sys.executable, "-c", CHECK_THE_NEW_CATEGORY)
