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

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context


def environment(**options):
    options.pop("autoescape", None)
    options["undefined"] = ChainableUndefined
    env = Environment(autoescape=True, **options)
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
    """{{ url('films:detail', slug) }}, as {% url 'films:detail' slug %}."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


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


def date(value, format_string=None):
    """A date or time as Django's |date filter writes it, in the site's time zone. Given the
    format, as the pages always do, without the filter's search for a named one."""
    if value in (None, "") or format_string is None:
        return defaultfilters.date(template_localtime(value), format_string)
    return dateformat.format(template_localtime(value), format_string)
