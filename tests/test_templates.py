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
