"""The pages' template engine (Jinja2, config/jinja2.py): Django's pieces written as Django
writes them, markup from members escaped, and no page printing a method it forgot to call."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe

from tests.factories import AdvisoryFactory, ChildFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_text_is_escaped_and_its_paragraphs_kept_but_marked_safe_html_is_not_escaped():
    written = "<b>Bold</b> & more\nnext line\n\nsecond"

    assert render("{{ text }}", text=written).startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; more")
    assert render("{{ text|linebreaks }}", text=written) == (
        "<p>&lt;b&gt;Bold&lt;/b&gt; &amp; more<br>next line</p>\n\n<p>second</p>"
    )
    assert render("{{ html }}", html=mark_safe("<i>ours</i>")) == "<i>ours</i>"


def test_djangos_filters_and_tags_write_what_django_writes():
    day = datetime.date(2024, 3, 5)

    assert render("{{ day|date('j F Y') }} {{ day|date('Y-m-d') }}", day=day) == "5 March 2024 2024-03-05"
    assert render("{{ n|intcomma }} film{{ n|pluralize }}", n=12345) == "12,345 films"
    assert render("{{ n }} child{{ n|pluralize('ren') }}", n=1) == "1 child"
    assert render("{{ path|urlencode }}", path="/films/a b/?x=1&y") == "/films/a%20b/%3Fx%3D1%26y"
    assert render("{{ url('films:detail', 'jaws-1975') }}") == "/films/jaws-1975/"
    assert render("{{ static('css/site.css') }}").endswith(".css")


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_pages_date_formats_write_what_djangos_filter_writes_in_the_sites_time_zone(settings, zone):
    from django.template.defaultfilters import date as django_date
    from django.utils.timezone import template_localtime

    settings.TIME_ZONE = zone
    moments = [
        datetime.datetime(2026, month, day, hour, 30, tzinfo=datetime.UTC)
        for month in range(1, 13)
        for day in (1, 28)
        for hour in (0, 11, 23)
    ]
    days = [datetime.date(1999, 12, 31), datetime.date(2024, 2, 29)]
    for value in moments + days:
        for format_string in ("j F Y", "Y-m-d"):
            expected = django_date(template_localtime(value), format_string)
            assert render("{{ value|date(format) }}", value=value, format=format_string) == expected
    # Near midnight in UTC, another zone's day is another date.
    late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    local_day = {"UTC": "30 November 2026", "Pacific/Auckland": "1 December 2026"}
    assert render("{{ value|date('j F Y') }}", value=late) == local_day.get(zone, "30 November 2026")


def test_a_dicts_key_reads_as_an_attribute_but_a_dicts_own_attributes_still_win():
    row = {"count": 3, "items": ["a", "b"], "label": "<b>"}

    assert render("{{ row.count }} {{ row.label }} [{{ row.missing }}]", row=row) == "3 &lt;b&gt; []"
    # `items` is the dict's method, as Jinja2 always read it; the key is row["items"].
    assert render("{% for k, v in row.items() %}{{ k }};{% endfor %}", row=row) == "count;items;label;"
    assert render("{{ row['items']|join(',') }}", row=row) == "a,b"


def test_remembered_urls_follow_a_changed_url_configuration_and_static_storage(settings):
    assert render("{{ url('home') }}") == "/"
    settings.ROOT_URLCONF = "tests.urls_moved"
    assert render("{{ url('home') }}") == "/moved/"
    settings.ROOT_URLCONF = "config.urls"
    assert render("{{ url('home') }}") == "/"
    hashed = render("{{ static('css/site.css') }}")
    settings.STATIC_URL = "/elsewhere/"
    assert render("{{ static('css/site.css') }}") == hashed.replace("/static/", "/elsewhere/", 1)


def test_querystring_changes_one_parameter_and_keeps_the_others():
    request = RequestFactory().get("/films/", {"q": "jaws & co", "age_max": "8", "page": "2"})

    assert render("{{ querystring(page=3) }}", request=request) == "?q=jaws+%26+co&amp;age_max=8&amp;page=3"
    assert render("{{ querystring(page=None) }}", request=request) == "?q=jaws+%26+co&amp;age_max=8"


def test_an_undefined_name_and_its_attributes_are_empty_as_in_djangos_engine():
    source = "[{{ missing }}][{{ missing.attribute.deeper }}][{% if missing.x %}yes{% endif %}]"
    assert render(source) == "[][][]"


def test_no_page_prints_a_method_it_did_not_call(client):
    film = AdvisoryFactory(film__title="Called Properly", film__year=2001).film
    ReviewFactory(film=film, body="Fine.\n\nReally fine.")
    parent = UserFactory(username="careful_parent")
    ChildFactory(owner=parent, nickname="Maya", age=9)
    client.force_login(parent)
    client.get(reverse("families:add_to_compare", kwargs={"slug": film.slug}))

    for path in [
        reverse("home"),
        reverse("films:browse"),
        film.get_absolute_url(),
        reverse("reviews:film", kwargs={"slug": film.slug}),
        reverse("families:compare"),
        reverse("families:family"),
        reverse("accounts:account"),
    ]:
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 200, path
        assert "bound method" not in page and "<function" not in page and "Undefined" not in page, path
    verdict = client.get(film.get_absolute_url()).content.decode()
    assert "Fine for Maya" in verdict or "Check for Maya" in verdict
