"""Sixteen members rate one film at the same moment: every rating is stored, none fails,
and the figures the site keeps equal a recount of the rows."""

import threading

import pytest
from django.db import connection, connections

from advisories.models import Category, FilmRating
from reviews import ratings, services
from reviews.models import CommunityAdvisory, Contribution
from tests.factories import FilmFactory, UserFactory

WRITERS = 16

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and connection.settings_dict["TEST"]["NAME"] is None,
        reason="threads need a file database on SQLite: set SQLITE_TEST_NAME",
    ),
]


def test_sixteen_concurrent_contributors_lose_nothing_and_the_medians_equal_a_recount():
    film = FilmFactory()
    members = [UserFactory(teen=n % 3 == 0) for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors = []

    def write(n, member):
        try:
            start.wait()
            services.submit_contribution(
                author=member,
                film=film,
                age=2 + n % 17,
                scores={category.value: (n + i) % 6 for i, category in enumerate(Category)},
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what the test reports
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n, m)) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Contribution.objects.filter(film=film, status="published").count() == WRITERS
    kept = CommunityAdvisory.objects.get(film=film)
    rows = list(
        Contribution.objects.filter(film=film, status="published").values_list(
            "author_role", "age", *(f"{c.value}_score" for c in Category)
        )
    )
    recount = ratings.figures(rows)
    assert {name: getattr(kept, name) for name in recount} == recount
    rating = FilmRating.objects.get(film=film)
    assert (rating.contributors, rating.age, rating.violence) == (
        WRITERS,
        recount["age"],
        recount["violence"],
    )
