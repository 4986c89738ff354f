"""Film cards (templates/films/_card.html), prepared in Python.

The browse page shows 24 cards at once. A card template that looks every value up through
the film, its advisory and its rating, and includes the poster, the age badge, the stars and
the compare link, costs several times more than a card of flat values. The films come as
rows of values, not model instances (for_cards), and the badge and the stars, which depend
on a number alone, are drawn once per process from their own partials
(films/_age_badge.html, films/_stars.html), so that the film page and the cards cannot differ.
"""

import functools
from urllib.parse import quote

from django.template import Context
from django.template.loader import get_template
from django.urls import reverse

from advisories.models import Advisory, FilmRating
from families.context_processors import compare_list
from films.models import Film
from pages.slug_urls import for_slugs

# What a card shows of a film, its advisory and its effective rating.
CARD_FIELDS = [
    "pk",
    "title",
    "year",
    "slug",
    "poster",
    "advisory__status",
    "advisory__age",
    "advisory__stars",
    "advisory__one_liner",
    "rating__source",
    "rating__age",
    "rating__contributors",
]


def for_cards(films):
    """`films` as rows of what a card shows, their advisory's and effective rating's included:
    one query, and neither the advisories' texts nor model instances."""
    return films.values(*CARD_FIELDS)


def film_cards(rows, request, reasons=None):
    """A card for each row of for_cards(): a dict of what _card.html shows. `reasons` maps a
    film's pk to why it is suggested."""
    drawn = {
        "badge": get_template("films/_age_badge.html").template,
        "stars": get_template("films/_stars.html").template,
        "page": for_slugs(lambda slug: reverse("films:detail", kwargs={"slug": slug})),
        **compare_links_for(request),
    }
    reasons = reasons or {}
    return [_card(row, drawn, reasons.get(row["pk"], "")) for row in rows]


def values_of(film):
    """A film instance (its advisory selected) as the row for_cards() makes; its effective
    rating is read only for a film without a published advisory, which is all a card shows."""
    advisory = getattr(film, "advisory", None)
    row = {
        "pk": film.pk,
        "title": film.title,
        "year": film.year,
        "slug": film.slug,
        "poster": film.poster.name,
        "advisory__status": advisory and advisory.status,
        "advisory__age": advisory and advisory.age,
        "advisory__stars": advisory and advisory.stars,
        "advisory__one_liner": advisory and advisory.one_liner,
        "rating__source": None,
    }
    if row["advisory__status"] != Advisory.Status.PUBLISHED:
        rating = getattr(film, "rating", None)
        if rating is not None:
            row |= {
                "rating__source": rating.source,
                "rating__age": rating.age,
                "rating__contributors": rating.contributors,
            }
    return row


POSTERS = Film._meta.get_field("poster").storage


def compare_links_for(request):
    """What compare_link() needs to know of the page and the visitor's compare list."""
    return {
        "add": for_slugs(lambda slug: reverse("families:add_to_compare", kwargs={"slug": slug})),
        "remove": for_slugs(lambda slug: reverse("families:remove_from_compare", kwargs={"slug": slug})),
        "in_compare": set(compare_list(request)["compare_slugs"]),
        "back": request.get_full_path(),
    }


def compare_link(slug, drawn):
    """A card's compare link (films/_card_compare.html): "Add to compare", or "Remove" when the
    film is in the visitor's list, each coming back to this page at this card."""
    next_url = quote(f"{drawn['back']}#film-{slug}", safe="/")
    if slug in drawn["in_compare"]:
        return {"in_compare": True, "remove_url": f"{drawn['remove'](slug)}?next={next_url}"}
    return {"in_compare": False, "add_url": f"{drawn['add'](slug)}?next={next_url}"}


def _card(row, drawn, reason):
    slug = row["slug"]
    card = {
        "pk": row["pk"],
        "slug": slug,
        "title": row["title"],
        "year": row["year"],
        "url": drawn["page"](slug),
        "poster_url": POSTERS.url(row["poster"]) if row["poster"] else "",
        "hue": str(row["pk"])[-1],
        "reason": reason,
    }
    card |= compare_link(slug, drawn)
    if row["advisory__status"] == Advisory.Status.PUBLISHED:
        card["kind"] = "editors"
        card["age_badge"] = _drawn(drawn["badge"], age=row["advisory__age"])
        card["stars"] = _drawn(drawn["stars"], stars=row["advisory__stars"])
        card["one_liner"] = row["advisory__one_liner"]
    elif row["rating__source"] == FilmRating.Source.COMMUNITY:
        card["kind"] = "community"
        card["age_badge"] = _drawn(drawn["badge"], age=row["rating__age"])
        rating = FilmRating(source=row["rating__source"], contributors=row["rating__contributors"])
        card["source_label"] = rating.source_label
    else:
        card["kind"] = "none"
    return card


@functools.lru_cache(maxsize=256)
def _drawn(template, **context):
    """A partial that depends on a number alone, rendered once per template and number. A
    template edited under the development server is a new Template, so a new entry."""
    return template.render(Context(context))
