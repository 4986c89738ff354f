import io

import pytest
from django.core.management import call_command

from tests.factories import AdvisoryFactory, FilmFactory

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("find_duplicate_films", stdout=out)
    return out.getvalue()


def test_films_with_one_title_under_two_spellings_and_the_same_year_are_listed_together():
    AdvisoryFactory(film=FilmFactory(title="The Iron Giant", year=1999))
    FilmFactory(title="Iron Giant, The", year=1999, votes=15151)
    FilmFactory(title="Amélie", year=2001)
    FilmFactory(title="Amelie", year=2001)

    out = run()

    assert (
        "irongiant (1999):\n  the-iron-giant-1999  The Iron Giant (1999)  [0 votes, advisory (published)]\n"
        in out
    )
    assert "  iron-giant-the-1999  Iron Giant, The (1999)  [15151 votes]\n" in out
    assert "amelie (2001):" in out
    assert "2 likely duplicates." in out


def test_films_of_another_year_or_title_are_not_listed():
    FilmFactory(title="Titanic", year=1997)
    FilmFactory(title="Titanic", year=1953)
    FilmFactory(title="Cars", year=2006)
    FilmFactory(title="Bullet Scars", year=1942)

    assert run() == "No likely duplicates.\n"
