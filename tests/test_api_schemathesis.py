"""Schemathesis sends generated requests to every GET operation of the live API and checks
that none gets a server error and every response matches the schema."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
    call_command("load_demo", verbosity=0)
    AdvisoryFactory(film__title="Drafted", draft=True)
    ReviewFactory(film=FilmFactory(title="Reviewed"), status="pending")
    return live_server.url


def test_the_schema_tested_is_the_one_the_live_api_serves(live_api, client):
    assert client.get("/api/schema/?format=json").json() == generated_schema()


@schema.include(method="GET").parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_get_request_breaks_the_api_or_its_schema(case, live_api, statuses):
    response = case.call_and_validate(base_url=live_api)
    statuses.setdefault(case.operation.label, set()).add(response.status_code)


def test_the_run_reached_real_films_and_reviews_as_well_as_errors(statuses):
    assert statuses == {
        "GET /api/v1/films/": {200, 400, 401, 404},
        "GET /api/v1/films/{slug}/": {200, 401, 404},
        "GET /api/v1/films/{film_slug}/reviews/": {200, 400, 401, 404},
    }
