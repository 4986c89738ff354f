"""The OpenAPI schema and the interactive docs, served from our own static files."""

import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from pages.filters import FilmFilterSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_validates_without_a_single_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert "/api/v1/films/{slug}/" in (tmp_path / "schema.yaml").read_text()


def test_the_schema_lists_the_read_and_write_endpoints(schema):
    assert {path: sorted(methods) for path, methods in schema["paths"].items()} == {
        "/api/v1/films/": ["get"],
        "/api/v1/films/{slug}/": ["get"],
        "/api/v1/films/{film_slug}/reviews/": ["get", "post"],
        "/api/v1/films/{film_slug}/reviews/{id}/": ["delete", "patch", "put"],
        "/api/v1/films/{film_slug}/reviews/{id}/helpful/": ["post"],
        "/api/v1/films/{film_slug}/reviews/{id}/report/": ["post"],
    }


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/films/{film_slug}/reviews/", "post"),
        ("/api/v1/films/{film_slug}/reviews/{id}/", "patch"),
        ("/api/v1/films/{film_slug}/reviews/{id}/helpful/", "post"),
        ("/api/v1/films/{film_slug}/reviews/{id}/report/", "post"),
    ],
)
def test_every_write_documents_its_errors_and_needs_credentials(schema, path, method):
    operation = schema["paths"][path][method]

    assert {"400", "401", "403", "404", "429"} <= set(operation["responses"])
    assert {"tokenAuth"} in [set(way) for way in operation["security"]]
    assert {} not in operation["security"]


def test_the_review_request_says_what_the_api_accepts(schema):
    review = schema["components"]["schemas"]["ReviewRequest"]

    assert sorted(review["required"]) == ["age_recommendation", "body", "stars", "title"]
    assert review["properties"]["stars"] | {"description": ""} == {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "description": "",
    }
    assert review["properties"]["body"]["maxLength"] == 5000
    assert review["properties"]["flags"]["uniqueItems"] is True
    status = schema["components"]["schemas"]["OwnReview"]["properties"]["status"]
    assert "pending" in str(status) and "published" in str(status)


def test_every_film_filter_is_a_described_parameter_of_the_list(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/films/"]["get"]["parameters"]}

    for name in FilmFilterSet.base_filters:
        assert parameters[name]["description"], name
    assert parameters["age_max"]["schema"] == {"type": "integer", "minimum": 2, "maximum": 18}
    assert parameters["violence_max"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 5}
    assert parameters["mpa"]["schema"]["enum"] == ["G", "NC-17", "PG", "PG-13", "R"]


def walk_properties(schema, component, seen=None):
    """Every (component, property, definition) reachable in the response components."""
    seen = seen if seen is not None else set()
    if component in seen:
        return
    seen.add(component)
    for name, definition in schema["components"]["schemas"][component].get("properties", {}).items():
        yield component, name, definition
        refs = re.findall(r"#/components/schemas/(\w+)", str(definition))
        for ref in refs:
            yield from walk_properties(schema, ref, seen)


@pytest.mark.parametrize(
    "component",
    ["PaginatedFilmList", "FilmDetail", "PaginatedReviewList", "OwnReview", "ReviewRequest", "ReportRequest"],
)
def test_every_field_of_every_response_is_described(schema, component):
    undescribed = [
        f"{owner}.{name}"
        for owner, name, definition in walk_properties(schema, component)
        if not owner.startswith("Paginated") and not definition.get("description")
    ]

    assert undescribed == []


def test_the_errors_are_in_the_schema(schema):
    responses = schema["paths"]["/api/v1/films/"]["get"]["responses"]

    assert sorted(responses) == ["200", "400", "401", "404", "429"]
    assert "Retry-After" in responses["429"]["description"]


def test_the_docs_page_loads_everything_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert any(url.startswith("/static/") and "swagger-ui-bundle" in url for url in urls)
    for url in urls:
        assert url.startswith("/static/") or url == "/api/docs/?script=", url
    assert "//" not in "".join(url for url in urls if not url.startswith("/static/"))


def test_the_docs_script_reads_our_schema_and_nothing_from_elsewhere(client):
    response = client.get("/api/docs/?script=")

    script = response.content.decode()
    assert response.status_code == 200
    assert '"/api/schema/"' in script
    assert "http://" not in script
    assert "https://" not in script


def test_the_readmes_curl_examples_answer(client):
    call_command("load_demo", verbosity=0)
    readme = (settings.BASE_DIR / "README.md").read_text()

    paths = re.findall(r"curl .*?'http://127\.0\.0\.1:8000(/api/[^']*)'", readme, flags=re.DOTALL)

    assert "/api/v1/films/?age_max=10&violence_max=2" in paths
    assert len(paths) == 3
    for path in paths:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/films/",
        "/api/v1/films/{slug}/",
        "/api/v1/films/{film_slug}/reviews/",
    ],
)
def test_reads_say_they_need_no_authentication_so_the_docs_show_no_padlock(schema, path):
    assert schema["paths"][path]["get"]["security"] == []
