"""Property tests: any value for any filter parameter gets a clear answer, never a 500;
and any CSV row gives a film or a rejected row, any file a film list or ImportFailed."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from films.importers import ImportFailed
from films.importers.catalog import GENRE_COLUMNS, REQUIRED_COLUMNS, RowRejected, parse_row, read_catalog
from pages.filters import FilmFilterSet

pytestmark = pytest.mark.django_db

# suits= names one of the signed-in parent's children: for anyone else every value is a 404
# (tests/test_suits_filter.py), so the properties here are about the other parameters.
PARAMETERS = sorted(set(FilmFilterSet.base_filters) - {"suits"})
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# What people and scripts put in a query string: digits, signs, words, other scripts'
# digits, control characters, very long values.
values = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=30),
    st.text(alphabet="0123456789-+. e", max_size=12),
    st.sampled_from(["", " ", "NaN", "inf", "1e309", "٣", "²", "-0", "true", "G", "-stars,title", "\x00"]),
    st.text(min_size=300, max_size=2000),
)


@given(parameter=st.sampled_from(PARAMETERS + ["page"]), value=values)
@PROPERTY
def test_the_browse_page_names_a_bad_filter_value_and_never_fails(parameter, value):
    response = Client(raise_request_exception=False).get(reverse("films:browse"), {parameter: value})

    assert response.status_code in (200, 400), (parameter, value, response.status_code)
    form = FilmFilterSet({parameter: value}).form
    if parameter != "page" and not form.is_valid():
        assert response.status_code == 400
        assert f'name="{parameter}"' in response.content.decode()
        assert escape(form.fields[parameter].label) in response.content.decode()


@given(parameter=st.sampled_from(PARAMETERS + ["page", "page_size"]), value=values)
@PROPERTY
def test_the_api_gives_a_400_naming_a_bad_filter_value_and_never_fails(parameter, value):
    response = Client(raise_request_exception=False).get(reverse("api:film-list"), {parameter: value})

    assert response.status_code in (200, 400, 404), (parameter, value, response.status_code)
    if response.status_code == 400:
        assert parameter in response.json(), response.json()
    if response.status_code == 404:
        assert parameter == "page"
    form = FilmFilterSet({parameter: value}).form
    if parameter in PARAMETERS and not form.is_valid():
        assert response.status_code == 400


COLUMNS = [*REQUIRED_COLUMNS, "mpaa", *GENRE_COLUMNS]
INDEX = {column: i for i, column in enumerate(COLUMNS)}
numberish = st.one_of(
    st.integers(min_value=-5, max_value=40000).map(str),
    st.sampled_from(["", "NA", " 1999 ", "²", "١٩٩٩", "１９９９", "1e3", "12.5", "-0", "\x00"]),
    st.text(alphabet="0123456789²³¹¼١٢३٤ .-", max_size=6),
)
rows = st.fixed_dictionaries(
    {
        "title": st.one_of(st.text(max_size=20), st.text(min_size=240, max_size=260), st.just("A\x00B")),
        "year": numberish,
        "length": numberish,
        "mpaa": st.one_of(st.sampled_from(["", "NA", "PG", "PG-13", "pg", "X"]), st.text(max_size=5)),
        **{
            genre: st.one_of(st.sampled_from(["0", "1", "NA", "", "2"]), st.text(max_size=3))
            for genre in GENRE_COLUMNS
        },
    }
).map(lambda row: [row[column] for column in COLUMNS])


@given(record=rows)
@settings(max_examples=200, deadline=None)
def test_any_csv_row_is_a_film_or_a_rejected_row(record):
    try:
        row = parse_row(record, INDEX, 2)
    except RowRejected as rejected:
        assert str(rejected)
        return
    assert row.title and len(row.title) <= 250 and "\x00" not in row.title
    assert isinstance(row.year, int) and isinstance(row.runtime, int | None)


@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_file_is_read_or_refused_with_a_clean_error(tmp_path, content):
    path = tmp_path / "catalog.csv"
    header = io.StringIO()
    csv.writer(header).writerow(COLUMNS)
    path.write_bytes(header.getvalue().encode() + content)

    try:
        catalog = read_catalog(path)
    except ImportFailed as failed:
        assert str(path) in str(failed)
        return
    for row in catalog.rows:
        assert row.title and isinstance(row.year, int)
    for rejected in catalog.rejected:
        assert str(path) in rejected
