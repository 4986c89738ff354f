"""Schemathesis sends generated requests to every operation of the live API (the writes with a
parent's token) and checks that none gets a server error, every response matches the schema,
data the schema allows is accepted and data it forbids is refused."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from films.models import Film
from reviews.api.views import EXAMPLE_REVIEW_ID
from reviews.models import Review
from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def generated_schema():
    """The schema /api/schema/ serves, made in-process: the test operations are known when
    pytest collects them (schemathesis' lazy fixture loader does not run on pytest 9)."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(generated_schema())


@pytest.fixture(scope="module")
def statuses():
    """The status codes each operation answered, over the whole run."""
    return {}


@pytest.fixture
def live_api(live_server, monkeypatch):
    """The live server with the demo film and a few more, so that generated slugs and filters
    have something to find. Rate limits are lifted: the run is many quick requests."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "100000/minute")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "100000/minute")
    call_command("load_demo", verbosity=0)
    AdvisoryFactory(film__title="Drafted", draft=True)
    ReviewFactory(film=FilmFactory(title="Reviewed"), status="pending")
    return live_server.url


@pytest.fixture
def token(live_api, settings):
    """A parent's token, with the review, helpful and report limits lifted for the run (they
    are tested on their own in test_api_review_writes.py), and a published review of the demo
    film by someone else, with the id the schema gives as its example, to mark and report."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/h")
    demo = Film.objects.get(slug="never-let-me-go-2010")
    Review.objects.filter(pk=EXAMPLE_REVIEW_ID).delete()
    ReviewFactory(pk=EXAMPLE_REVIEW_ID, film=demo, author=UserFactory(username="another_parent"))
    return Token.objects.create(user=UserFactory(username="app_user")).key


def test_the_schema_tested_is_the_one_the_live_api_serves(live_api, client):
    assert client.get("/api/schema/?format=json").json() == generated_schema()


@schema.include(method="GET").parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_get_request_breaks_the_api_or_its_schema(case, live_api, statuses):
    response = case.call_and_validate(base_url=live_api)
    statuses.setdefault(case.operation.label, set()).add(response.status_code)


@schema.exclude(method="GET").parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # The same examples on every run, so that CI's verdict does not depend on the draw; a
    # change to the schema or the test draws new ones.
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_write_breaks_the_api_or_its_schema(case, live_api, token, statuses):
    response = case.call_and_validate(base_url=live_api, headers={"Authorization": f"Token {token}"})
    statuses.setdefault(case.operation.label, set()).add(response.status_code)


def test_the_run_reached_real_films_and_reviews_as_well_as_errors(statuses):
    assert {label: statuses[label] for label in statuses if label.startswith("GET")} == {
        "GET /api/v1/films/": {200, 400, 404, 405},
        "GET /api/v1/films/{slug}/": {200, 404, 405},
        "GET /api/v1/films/{film_slug}/reviews/": {200, 400, 404, 405},
    }


def test_the_writes_reached_real_reviews_as_well_as_errors(statuses):
    assert {201, 400, 404} <= statuses["POST /api/v1/films/{film_slug}/reviews/"]
    assert {201, 404} <= statuses["POST /api/v1/films/{film_slug}/reviews/{id}/helpful/"]
    assert {201, 400, 404} <= statuses["POST /api/v1/films/{film_slug}/reviews/{id}/report/"]
