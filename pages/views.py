from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from advisories.models import Category
from films.models import Film
from films.pagination import paginate
from films.redirects import to_current_slug
from films.search import suggest
from pagecache import CATALOG, FILM, public_page
from pages import film_page
from pages.cards import cards_html, for_cards
from pages.film_list import FilmList
from pages.filters import MAX_QUERY_LENGTH, FilmFilterSet, FormFields

HOME_CARDS = 8
PAGE_SIZE = 24

# The home page's browse-by-age shortcuts: (label, age_max).
AGE_SHORTCUTS = [
    ("2-4", 4),
    ("5-7", 7),
    ("8-9", 9),
    ("10-12", 12),
    ("13-14", 14),
    ("15-17", 17),
    ("18+", 18),
]


@public_page(CATALOG)
def home(request):
    films = Film.objects.with_published_advisory().for_card().order_by("-advisory__published_at", "title")
    return render(
        request,
        "films/home.html",
        {"films": films[:HOME_CARDS], "age_shortcuts": AGE_SHORTCUTS},
    )


# The films as browse's cards read them; made once (a copy costs less than its columns).
CARDS = for_cards(Film.objects.all())


@public_page(CATALOG, params=[*FilmFilterSet.base_filters, "page"])
def browse(request):
    """The films matching the filters in the URL; a bad value is named on the page and ignored."""
    filterset = FilmFilterSet(request.GET, queryset=Film.objects.all(), request=request)
    errors = {name: " ".join(messages) for name, messages in filterset.errors.items()}
    page, page_error = paginate(request, FilmList(filterset, rows=CARDS.all()), PAGE_SIZE)
    if page_error:
        errors["page"] = page_error

    form = filterset.form
    labels = {name: field.label for name, field in form.fields.items()} | {"page": "Page"}
    context = {
        "filter_fields": _filter_fields(form, shows_suits=bool(filterset.children)),
        "values": request.GET,
        "errors": [
            (name, labels.get(name, name), request.GET.get(name, ""), message)
            for name, message in errors.items()
        ],
        "page": page,
        "cards": cards_html(page.object_list, request),
        "active_filters": _active_filters(request.GET, filterset),
        "limits_open": any(form[category.bound_name].value() for category in Category),
    }
    return render(request, "films/browse.html", context, status=400 if errors else 200)


# The filters in the order the browse form shows them, then the content limits (a <details>
# of their own), then the ordering; `suits` only to a parent with children.
FIRST_FILTERS = ["q", "age_max", "suits", "genre", "mpa", "has_advisory", "source", "year_min", "year_max"]
WIDE_FILTERS = {"q", "ordering"}
UNSHARED_FILTERS = {"q", "suits"}


def _filter_fields(form, shows_suits):
    """The form's controls, each with its label, help and errors, drawn: browse.html writes
    them in one loop, each drawn by films/_filter_field.html."""
    limits = [category.bound_name for category in Category]
    names = [name for name in FIRST_FILTERS if name != "suits" or shows_suits] + limits + ["ordering"]
    template = get_template("films/_filter_field.html").template
    return [_filter_field(form[name], limits, template) for name in names]


# The controls drawn lately, by what decides their HTML: drawing the form's 16 took a search
# page 1 ms, a sixth of its time, and most requests draw them as another request did.
DRAWN = {}
DRAWN_KEPT = 1024  # about 2 MB at most: emptied when full


def _filter_field(bound, limits, template):
    """One control with its label, help and errors, drawn by `template`, or as it was drawn
    for the same value, errors and choices (the choices of the fields a request sets them on:
    every other field's are the class's own, pages.filters.FormFields). A parent's children
    (`suits`) and a search's words (`q`) are drawn each time: the one is theirs alone, the
    other seldom the same twice. Drawn whole rather than written out by browse.html: its
    seven values escaped one by one for each of 16 controls were a tenth of a search page."""
    name = bound.name
    errors = list(bound.form.errors.get(name, ()))
    key = None
    if name not in UNSHARED_FILTERS:
        value = bound.data
        key = (
            name,
            tuple(value) if isinstance(value, list) else value,
            tuple(errors),
            tuple(bound.field.widget.choices) if name in FormFields.PER_REQUEST else None,
            template,  # under the development server, an edited template is a new one
        )
        drawn = DRAWN.get(key)
        if drawn is not None:
            return drawn
    classes = "field"
    if name in WIDE_FILTERS:
        classes += " field-wide"
    elif name in limits:
        classes += " field-score"
    drawn = {
        "id": bound.auto_id,
        "label": bound.label,
        "control": str(bound),
        "help_text": bound.help_text,
        "errors": errors,
        "classes": classes,
        "limits_start": name == limits[0],
        "limits_end": name == limits[-1],
    }
    drawn["html"] = mark_safe(template.render(field=drawn))  # noqa: S308 - the template escapes
    if key is not None:
        if len(DRAWN) >= DRAWN_KEPT:
            DRAWN.clear()
        DRAWN[key] = drawn
    return drawn


def _active_filters(values, filterset):
    """Each valid filter in use: what it says, and the URL of the same search without it."""
    described = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or name == "ordering":
            continue
        rest = values.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        url = reverse("films:browse") + (f"?{rest.urlencode()}" if rest else "")
        described.append({"text": _describe(filterset, name, value), "remove_url": url})
    return described


def _describe(filterset, name, value):
    """A filter in use, in words: "Suits age 10", "Violence & scariness: at most 2"."""
    if name == "q":
        return f"Search: “{value}”"
    if name == "age_max":
        return f"Suits age {value}"
    if name == "genre":
        return f"Genre: {filterset.genre_names().get(value, value)}"
    if name == "mpa":
        return f"MPA {value}"
    if name == "year_min":
        return f"From {value}"
    if name == "year_max":
        return f"Up to {value}"
    if name == "suits":
        return f"Fine for {filterset.suits_child}"
    if name == "source":
        return "Advisory by our editors" if value == "editors" else "Advisory by the community"
    if name == "has_advisory":
        return "With an advisory" if value == "true" else "Without an advisory"
    return f"{filterset.form.fields[name].label} {value}"


@public_page(FILM)
def film_detail(request, slug):
    part = film_page.shared_part(request, slug)
    if part is None:
        moved = to_current_slug(request, slug)  # a renamed or merged film's old address
        if moved is None:
            raise Http404("No film has this address.")
        return moved
    return render(request, "films/detail.html", film_page.page_context(request, part))


SUGGESTIONS = 8
MIN_SUGGEST_LENGTH = 2


@public_page(CATALOG, params=["q"])
@require_GET
def suggestions(request):
    """Type-ahead for the header's search: up to eight films for `q` (two characters or more),
    best first, each with its title, year, slug, page and its published advisory's age."""
    q = request.GET.get("q", "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        message = f"Ensure this value has at most {MAX_QUERY_LENGTH} characters."
        return JsonResponse({"q": [message]}, status=400)
    films = suggest(q, SUGGESTIONS) if len(q) >= MIN_SUGGEST_LENGTH else []
    # One reverse() rather than one per film: a slug needs no quoting in a path.
    page = reverse("films:detail", args=["slug"])
    results = [film | {"url": page.replace("/slug/", f"/{film['slug']}/")} for film in films]
    return JsonResponse({"q": q, "results": results})
