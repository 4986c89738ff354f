"""The site's pages' template engine: Jinja2, with what they use of Django's template tags.

Jinja2 compiles a template to Python code once per process; Django's engine walks a tree of
nodes, resolving each variable through a chain of lookups, on every render. On the film page
that was about 9 of its 14-18 ms (README, Performance). The admin's and the API docs'
templates (django_templates/) stay on Django's engine, and so do the password reset's
e-mails, which Django's own views render by name.

Unlike Django's engine, Jinja2 calls nothing on its own: `film.genres.all()`, not
`film.genres.all`. An undefined name is empty, as in Django's engine, and so is every
attribute of it.
"""

import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.dates import MONTHS
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context

# What a dict answers as an attribute in Jinja2 (`d.items`), before its keys (`d.count`).
DICT_ATTRIBUTES = frozenset(dir(dict))


class SiteEnvironment(Environment):
    """Jinja2's environment, with `row.name` on a dict read as the key first.

    Jinja2 tries getattr() first and the key only once that has raised AttributeError; the
    pages' prepared rows are dicts, and the raising cost the film page about a millisecond.
    A name that is also a dict's attribute (`items`, `get`, ...) still means the attribute,
    as it always did; a missing key is undefined, as it always was."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(**options):
    options.pop("autoescape", None)
    options["undefined"] = ChainableUndefined
    env = SiteEnvironment(autoescape=True, **options)
    env.globals.update(url=url, static=static, querystring=querystring, film_card=film_card)
    env.filters.update(
        date=date,
        intcomma=intcomma,
        linebreaks=defaultfilters.linebreaks_filter,
        pluralize=defaultfilters.pluralize,
        truncatewords=defaultfilters.truncatewords,
        urlencode=defaultfilters.urlencode,
    )
    return env


def url(name, *args, **kwargs):
    """{{ url('films:detail', slug) }}, as {% url 'films:detail' slug %}. A URL without
    arguments (the header's and footer's links, on every page) is remembered per name."""
    if args or kwargs:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    key = (get_script_prefix(), get_urlconf(), name)
    try:
        return _plain_urls[key]
    except KeyError:
        found = _plain_urls[key] = reverse(name)
        return found


@pass_context
def querystring(context, **changes):
    """This page's query string with `changes` made, as Django's {% querystring %}."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else ""


@pass_context
def film_card(context, film, reason=""):
    """One film's card (pages/cards.py), for a page that shows a card or a few among other
    things; a list of cards is prepared in its view."""
    from pages.cards import film_cards, values_of

    return film_cards([values_of(film)], context["request"], {film.pk: reason or ""})[0]


# The URLs without arguments, by script prefix, URL configuration and name; and the static
# files' URLs (the manifest is read once per process). Emptied when a test changes either.
_plain_urls = {}
_static_urls = {}


def static(path):
    """{{ static('css/site.css') }}, as {% static %}, remembered per path."""
    try:
        return _static_urls[path]
    except KeyError:
        found = _static_urls[path] = django_static(path)
        return found


def _forget_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _plain_urls.clear()
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT", "DEBUG"}:
        _static_urls.clear()


setting_changed.connect(_forget_urls, dispatch_uid="jinja2-remembered-urls")


def date(value, format_string=None):
    """A date or time as Django's |date filter writes it, in the site's time zone. Given the
    format, as the pages always do, without the filter's search for a named one; the pages'
    two formats, "j F Y" (30 November 2026) and "Y-m-d", are written directly, in a sixth of
    the filter's time."""
    if value in (None, "") or format_string is None:
        return defaultfilters.date(template_localtime(value), format_string)
    value = template_localtime(value)
    if isinstance(value, datetime.date):
        if format_string == "j F Y":
            return f"{value.day} {MONTHS[value.month]!s} {value.year}"
        if format_string == "Y-m-d":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return dateformat.format(value, format_string)
