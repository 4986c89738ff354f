"""`bench_data` fills a catalog as make bench needs it: advisories, reviews and members'
ratings from parents and teens, spread by popularity, with the figures the site keeps for
them counted at the end, all at once, exactly as the site counts them one write at a time."""

from io import StringIO
from statistics import median

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from advisories.models import FilmRating
from reviews import ratings
from reviews.models import CommunityAdvisory, Contribution, Review
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def kept_figures():
    """Every CommunityAdvisory and FilmRating row, but for when it was last saved."""
    communities = {
        row.pop("film_id"): row for row in CommunityAdvisory.objects.values() if row.pop("updated_at")
    }
    effective = {row.pop("film_id"): row for row in FilmRating.objects.values()}
    return communities, effective


@pytest.fixture
def catalog():
    """Eighty films, a few well known (many votes), most hardly known, as in the catalog."""
    return [FilmFactory(title=f"Bench film {n}", votes=1000 if n < 4 else 20 + n) for n in range(80)]


def generate(**options):
    defaults = {"advisories": 10, "reviews": 150, "reviews_per_author": 10, "contributions": 2000}
    output = StringIO()
    call_command("bench_data", **(defaults | {"members": 400, "writers": 2} | options), stdout=output)
    return output.getvalue()


def test_bench_data_rates_the_catalog_by_popularity_and_keeps_the_figures_a_recount_gives(catalog):
    said = generate()

    assert "2000 members' ratings (1850 without a review, from 400 members)" in said
    assert Contribution.objects.count() == 2000
    assert set(Contribution.objects.values_list("status", flat=True)) == {"published"}
    assert Review.objects.count() == 150 and not Review.objects.filter(contribution__isnull=True).exists()
    roles = dict(Contribution.objects.values_list("author_role").annotate(n=Count("pk")))
    assert roles["teen"] > 0.2 * 2000 and roles["parent"] > 0.5 * 2000
    per_film = Contribution.objects.values("film").annotate(n=Count("pk")).order_by("-n", "film")
    most_rated = [row["film"] for row in per_film[:4]]
    assert sorted(most_rated) == sorted(film.pk for film in catalog[:4]), "the best known, the most rated"
    assert per_film[3]["n"] > 4 * median(row["n"] for row in per_film)
    communities, effective = kept_figures()
    assert sum(1 for c in communities.values() if c["is_shown"]) > 40
    assert {row["source"] for row in effective.values()} == {"editors", "community"}

    recounted = ratings.rebuild_all()  # refresh_film(), one film at a time, as every write does

    assert recounted == len(communities)
    assert kept_figures() == (communities, effective)


def test_the_figures_are_counted_for_rows_that_already_had_them(catalog):
    generate(contributions=1000)
    before = kept_figures()

    ratings.rebuild_all_in_bulk()

    assert kept_figures() == before


def test_fewer_ratings_than_reviews_is_refused(catalog):
    with pytest.raises(CommandError, match="--contributions counts the reviews' own ratings"):
        generate(reviews=150, contributions=100)
