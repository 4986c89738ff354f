"""Film cards (templates/films/_card.html), prepared in Python.

The browse page shows 24 cards at once. A card template that looks every value up through
the film, its advisory and its rating, and includes the poster, the age badge, the stars and
the compare link, costs several times more than a card of flat values. The films come as
rows of values, not model instances (for_cards), and the badge and the stars, which depend
on a number alone, are drawn once per process from their own partials
(films/_age_badge.html, films/_stars.html), so that the film page and the cards cannot differ.

A list page writes its cards with cards_html(): _card.html rendered once per shape of card
(its kind, whether it has a poster, a reason, and the compare link's state) with markers in
place of the values, then filled in per card as the template would, which costs a third of
an include per card and writes the same bytes.
"""

import functools
from urllib.parse import quote

from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe

from advisories.models import Advisory, FilmRating
from families.context_processors import compare_list
from films.models import Film
from pages.slug_urls import for_slugs
from pages.widgets import written

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
    return mark_safe(template.render(context))  # noqa: S308 - the template escapes what it writes


# The values _card.html (and _card_compare.html) write out; card_html() fills them in.
SHOWN = [
    "pk",
    "slug",
    "title",
    "year",
    "url",
    "poster_url",
    "hue",
    "reason",
    "age_badge",
    "stars",
    "one_liner",
    "source_label",
    "add_url",
    "remove_url",
]
MARK = "\x1e"  # a control character that no template text contains, and escaping keeps


def cards_html(rows, request):
    """The HTML of a card for each row of for_cards(), as a list page shows them."""
    template = get_template("films/_card.html").template
    compare_count = compare_list(request)["compare_count"]
    return [card_html(card, compare_count, template) for card in film_cards(rows, request)]


def card_html(card, compare_count, template):
    """What `template` (films/_card.html) writes for a card of film_cards() on a list page (no
    slots), for a visitor with `compare_count` films in their compare list."""
    in_compare = card["in_compare"]
    shape = (
        card["kind"],
        bool(card["poster_url"]),
        bool(card["reason"]),
        in_compare,
        compare_count if in_compare else 0,
    )
    html = "".join(text if name is None else written(card[name]) for text, name in _pieces(template, shape))
    return mark_safe(html)  # noqa: S308 - every value in it is escaped as the template escapes it


@functools.lru_cache(maxsize=128)
def _pieces(template, shape):
    """_card.html for cards of `shape`, as (text, None) and (None, name of the value) pieces.
    Every value the templates test in an {% if %} must be part of the shape, as it is here
    (the kind, the poster, the reason, the compare link's state): a marker is always true."""
    kind, has_poster, has_reason, in_compare, compare_count = shape
    card = {name: f"{MARK}{name}{MARK}" for name in SHOWN}
    card |= {"kind": kind, "in_compare": in_compare}
    if not has_poster:
        card["poster_url"] = ""
    if not has_reason:
        card["reason"] = ""
    html = template.render({"card": card, "compare_count": compare_count})
    # The markers split it into text, a value's name, text, a name...
    return tuple(
        (None, piece) if index % 2 else (piece, None) for index, piece in enumerate(html.split(MARK))
    )
