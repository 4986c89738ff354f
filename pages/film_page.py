"""The film page in two parts.

The shared part is what every visitor sees: the film, the advisories, the figures, the
reviews. It is built from the database only, never from the request's user, session or
cookies, and stored once for everyone under the page cache's generations
(pagecache.shared_fragment), so it is never stale and every process shares it.

The viewer's part is filled into the shared part's `<!--slot:name-->` and
`<!--slot:name:pk-->` comments for each request: their children's verdicts, their compare
list, their own review and rating, their marks on others' reviews, and the forms that carry
their CSRF token. A signed-in parent's page costs the shared part's lookup and a few small
queries; an anonymous visitor's page is then stored whole by the page cache.

A slot comment cannot come from what members write: the templates escape their text, and
an escaped `<` is `&lt;`.
"""

import re
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from families import verdicts
from families.context_processors import compare_list
from families.models import children_of
from films import structured_data
from films.models import Film
from pagecache import CATALOG, film_scope, shared_fragment
from pages.cards import compare_link, compare_links_for
from pages.film_data import film_for_page
from reviews import community

SLOT = re.compile(r"<!--slot:([a-z-]+)(?::(\d+))?-->")
# Where a member's CSRF token goes in the review buttons the shared part keeps ready.
CSRF_PLACEHOLDER = "csrf-token-of-the-viewer"


def shared_part(request, slug):
    """The shared part of `slug`'s page as a dict, or None when no film has this slug now.
    A draft advisory is a 404 but for staff, whose preview is never stored."""
    origin = f"{request.scheme}://{request.get_host()}"
    return shared_fragment(
        f"film-page\n{origin}\n{slug}",
        (CATALOG, film_scope(slug)),
        lambda storing: _build(request, slug, storing),
    )


def _build(request, slug, storing):
    film = film_for_page(slug)
    if film is None:
        return None, False
    advisory = getattr(film, "advisory", None)
    draft = advisory is not None and not advisory.is_published
    if draft and not request.user.is_staff:
        raise Http404("No published advisory for this film.")
    poster_url = request.build_absolute_uri(film.poster.url) if film.poster else None
    shared = community.shared_for_film(film)
    context = {
        "film": film,
        "advisory": advisory,
        "certificates": film.certificates_for_display(),
        "image_url": poster_url or request.build_absolute_uri(static("img/og-card.png")),
        "page_url": request.build_absolute_uri(film.get_absolute_url()),
        "json_ld": structured_data.film_json_ld(film, advisory, request, poster_url),
        "lists": _lists(film, advisory),
        "slots": True,
        # The cards of the handpicked alternatives come back to this page; whether a film is
        # in the viewer's compare list is a slot of each card.
        "request": SimpleNamespace(get_full_path=film.get_absolute_url, session=None),
        **shared,
    }
    shown = [review for section in shared["community"] for review in section["reviews"]]
    notes = {
        item["contribution"].pk: (item["contribution"].author_id, item["contribution"].author.username)
        for item in shared["community_notes"]
    }
    age = f": age {advisory.age}+" if advisory is not None else ""
    part = {
        "film": {"pk": film.pk, "slug": film.slug, "title": film.title},
        "title": f"{film.title} ({film.year}){age} · Reelwise",
        "description": (
            f"{film.title} ({film.year}): age {advisory.age}+. {advisory.one_liner}"
            if advisory is not None
            else f"{film.title} ({film.year}): the film's facts. No Reelwise advisory yet."
        ),
        # As UTF-8: a page's text with one character past Latin-1 takes two bytes a character
        # as a str, and three once pickled for the shared cache (which keeps a UTF-8 copy in it).
        "head": render_to_string("films/_detail_head.html", context).encode(),
        "content": render_to_string("films/_detail_shared.html", context).encode(),
        # What the viewer's part needs to know of the shared one, and nothing more.
        "reviews": [SimpleNamespace(pk=r.pk, author_id=r.author_id, title=r.title) for r in shown],
        "notes": notes,
        "cards": {alt.film.pk: (alt.film.slug, alt.film.title) for alt in context["lists"]["alternatives"]},
        "has_community": shared["community_advisory"] is not None,
        # The effective rating the children's verdicts read (advisories.FilmRating), or None.
        "rating": _detached(getattr(film, "rating", None)),
        "editors_published": advisory is not None and advisory.is_published,
    }
    # Each review's and each member's notes' buttons as any member who has not marked or
    # reported them sees them, but for their CSRF token: the same for every member, so
    # rendered once here when the part is stored for everyone.
    part["member_actions"], part["note_actions"] = _ready_buttons(film, shown, notes) if storing else ({}, {})
    return part, not draft


def _detached(rating):
    """A copy of `rating` that keeps its own fields only. The one loaded with the film refers
    back to it, and through it to every list of the page: kept in each process's memory and
    pickled into the shared cache, that made every garbage collection walk all of them."""
    if rating is None:
        return None
    fields = rating._meta.concrete_fields
    return type(rating)(**{field.attname: getattr(rating, field.attname) for field in fields})


def _lists(film, advisory):
    """The page's lists, each taken once from what film_for_page() read: the template
    writes several of them twice, and each `film.genres.all()` built a manager anew."""
    return {
        "genres": list(film.genres.all()),
        "studios": list(film.studios.all()),
        "distributors": list(film.distributors.all()),
        "countries": list(film.countries.all()),
        "languages": list(film.languages.all()),
        "trivia": list(film.trivia.all()),
        "directors": film.directors,
        "writers": film.writers,
        "cast": film.cast,
        "mpa": film.mpa,
        "prompts": list(advisory.prompts.all()) if advisory is not None else [],
        "ratings": advisory.ordered_ratings() if advisory is not None else [],
        "alternatives": list(advisory.alternatives.all()) if advisory is not None else [],
    }


def _ready_buttons(film, shown, notes):
    """The buttons of the `shown` reviews and of the members' `notes`, by pk, for a member
    who wrote neither and has marked and reported none, with CSRF_PLACEHOLDER for the token."""
    context = {
        **community.for_viewer(film, AnonymousUser(), []),
        "user": SimpleNamespace(is_authenticated=True, pk=None),
        "request": SimpleNamespace(get_full_path=film.get_absolute_url),
        **csrf_fields(CSRF_PLACEHOLDER),
    }
    review_buttons = get_template("reviews/_review_actions.html")
    note_buttons = get_template("reviews/_community_note_actions.html")
    for review in shown:
        review.marked_helpful = review.reported = False
    return (
        {review.pk: review_buttons.render(context | {"review": review}) for review in shown},
        {pk: note_buttons.render(context | {"pk": pk, "username": name}) for pk, (_, name) in notes.items()},
    )


def page_context(request, part):
    """The film page's context: the shared part with the viewer's own filled in."""
    user = request.user
    film = SimpleNamespace(**part["film"])
    reviews = [SimpleNamespace(**vars(review)) for review in part["reviews"]]
    viewer = community.for_viewer(film_ref(film), user, reviews, part["notes"])
    context = {
        "film": film,
        "user": user,
        "request": request,
        **csrf_fields(get_token(request) if user.is_authenticated else ""),
        **compare_list(request),
        "anchor": "",
        "verdicts": _verdicts(user, part["rating"]),
        "community_advisory": part["has_community"],
        "advisory": {"is_published": part["editors_published"]},
        **viewer,
    }
    by_pk = {review.pk: review for review in reviews}
    links = compare_links_for(request) if part["cards"] else None

    def buttons(kind, key, marked, template_name, **extra):
        """A member's buttons on another's review or notes: the part's ready ones with their
        token, or their own when they marked it (or the part was built for one request)."""
        if marked or key not in part[kind]:
            return _render(template_name, context, **extra)
        return part[kind][key].replace(CSRF_PLACEHOLDER, context["csrf_token"])

    def fill(match):
        name, pk = match[1], int(match[2]) if match[2] else None
        if name == "review-actions":
            review = by_pk[pk]
            if not user.is_authenticated or review.author_id == user.pk:
                return ""
            marked = review.marked_helpful or review.reported
            return buttons("member_actions", pk, marked, "reviews/_review_actions.html", review=review)
        if name == "own-scores":
            own = context["own_review"]
            if own is None or own.pk != pk:
                return ""
            return _render("reviews/_review_own_scores.html", context, review=own)
        if name == "card-compare":
            slug, title = part["cards"][pk]
            card = {"title": title, **compare_link(slug, links)}
            return _render("films/_card_compare.html", context, card=card)
        if name == "note-actions":
            author_id, username = part["notes"][pk]
            if not user.is_authenticated or author_id == user.pk:
                return ""
            template_name = "reviews/_community_note_actions.html"
            marked = pk in context["marked_notes"]
            return buttons("note_actions", pk, marked, template_name, pk=pk, username=username)
        return _render(SLOT_TEMPLATES[name], context)

    return {
        "title": part["title"],
        "description": part["description"],
        "head": mark_safe(part["head"].decode()),  # noqa: S308 (rendered by our templates, escaped there)
        "content": mark_safe(SLOT.sub(fill, part["content"].decode())),  # noqa: S308 (the same)
    }


SLOT_TEMPLATES = {
    "verdicts": "families/_verdicts.html",
    "compare": "families/_compare_link.html",
    "community-write": "reviews/_community_write.html",
    "own-rating": "reviews/_community_own_rating.html",
}


def csrf_fields(token):
    """`token` as the templates write it in a form: what Django's Jinja2 backend gives a
    template rendered with its request, for the parts rendered without one."""
    return {
        "csrf_token": token,
        "csrf_input": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
    }


def _render(template_name, context, **extra):
    return get_template(template_name).render(context | extra if extra else context)


def film_ref(film):
    """A Film to filter by, without loading one: the viewer's part filters by its pk."""
    return Film(pk=film.pk, slug=film.slug, title=film.title)


def _verdicts(user, rating):
    """Each child's verdict (for a parent with children) on the film's effective rating,
    which the shared part keeps: one query, for the children."""
    children = children_of(user)
    if not children:
        return []
    return verdicts.verdicts(children, SimpleNamespace(rating=rating))
