from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Category, for_film_page
from families import verdicts
from families.models import Child
from films import structured_data
from films.models import Film, Genre
from pagecache import CATALOG, FILM, public_page
from pages.filters import MPA_RATINGS, FilmFilterSet
from reviews import community

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

# The browse form's sort options; no ordering means newest advisory first.
ORDERINGS = [
    ("title", "Title, A to Z"),
    ("-year", "Year, newest first"),
    ("year", "Year, oldest first"),
    ("age", "Youngest age first"),
    ("-stars", "Best rated first"),
]


@public_page(CATALOG)
def home(request):
    films = Film.objects.with_published_advisory().for_card().order_by("-advisory__published_at", "title")
    return render(
        request,
        "films/home.html",
        {"films": films[:HOME_CARDS], "age_shortcuts": AGE_SHORTCUTS},
    )


@public_page(CATALOG)
def browse(request):
    """The films matching the filters in the URL; a bad value is named on the page and ignored."""
    filterset = FilmFilterSet(request.GET, queryset=Film.objects.for_card(), request=request)
    errors = {name: " ".join(messages) for name, messages in filterset.errors.items()}
    films = filterset.qs

    paginator = Paginator(films, PAGE_SIZE)
    page_number = request.GET.get("page") or "1"
    if not (page_number.isascii() and page_number.isdigit()) or int(page_number) < 1:
        errors["page"] = "A page is a whole number from 1."
        page_number = 1
    elif int(page_number) > paginator.num_pages:
        errors["page"] = f"The last page of these results is page {paginator.num_pages}."
        page_number = paginator.num_pages
    page = paginator.page(page_number)

    labels = {name: field.label for name, field in filterset.form.fields.items()} | {"page": "Page"}
    genres = list(Genre.objects.all())
    score_filters = _score_filters(request.GET)
    suits_child = getattr(filterset, "suits_child", None)
    context = {
        "values": request.GET,
        "errors": [
            (name, labels.get(name, name), request.GET.get(name, ""), message)
            for name, message in errors.items()
        ],
        "error_fields": set(errors),
        "page": page,
        "paginator": paginator,
        "active_filters": _active_filters(request.GET, filterset, genres, score_filters, suits_child),
        "children": Child.objects.of(request.user),
        "genres": genres,
        "ages": range(MIN_AGE, MAX_AGE + 1),
        "scores": range(MAX_SCORE + 1),
        "score_filters": score_filters,
        "limits_open": any(f["value"] for f in score_filters),
        "mpa_ratings": MPA_RATINGS,
        "orderings": ORDERINGS,
    }
    return render(request, "films/browse.html", context, status=400 if errors else 200)


def _score_filters(values):
    """The seven category bounds of the browse form: positive ones "at least", concerns "at most"."""
    return [
        {
            "param": category.bound_name,
            "label": category.label,
            "bound": "at least" if category.is_positive else "at most",
            "is_positive": category.is_positive,
            "value": values.get(category.bound_name, ""),
        }
        for category in Category
    ]


def _active_filters(values, filterset, genres, score_filters, suits_child=None):
    """Each valid filter in use: what it says, and the URL of the same search without it."""
    data = filterset.form.cleaned_data
    genre_names = {genre.slug: genre.name for genre in genres}
    scores = {f["param"]: f for f in score_filters}
    described = []
    for name, value in data.items():
        if value in (None, "") or name == "ordering":
            continue
        if name == "q":
            text = f"Title contains “{value}”"
        elif name == "age_max":
            text = f"Suits age {value}"
        elif name == "genre":
            text = f"Genre: {genre_names.get(value, value)}"
        elif name == "mpa":
            text = f"MPA {value}"
        elif name == "year_min":
            text = f"From {value}"
        elif name == "year_max":
            text = f"Up to {value}"
        elif name == "suits":
            text = f"Fine for {suits_child}"
        elif name == "has_advisory":
            text = "With an advisory" if value == "true" else "Without an advisory"
        else:
            score = scores[name]
            text = f"{score['label']} {score['bound']} {value}"
        rest = values.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        url = reverse("films:browse") + (f"?{rest.urlencode()}" if rest else "")
        described.append({"text": text, "remove_url": url})
    return described


def _get_film_for_user(slug, user):
    """The film with everything its page shows; a draft advisory is a 404 but for staff."""
    film = get_object_or_404(for_film_page(Film.objects.for_page()), slug=slug)
    advisory = getattr(film, "advisory", None)
    if advisory is not None and not advisory.is_published and not user.is_staff:
        raise Http404("No published advisory for this film.")
    return film


@public_page(FILM)
def film_detail(request, slug):
    film = _get_film_for_user(slug, request.user)
    advisory = getattr(film, "advisory", None)
    poster_url = request.build_absolute_uri(film.poster.url) if film.poster else None
    context = {
        "film": film,
        "advisory": advisory,
        "image_url": poster_url or request.build_absolute_uri(static("img/og-card.png")),
        "page_url": request.build_absolute_uri(film.get_absolute_url()),
        "json_ld": structured_data.film_json_ld(film, advisory, request, poster_url),
    }
    context.update(community.for_film(film, request.user))
    # Only for the signed-in parent: such a request has a session, so the page cache
    # (pagecache.py) neither serves nor stores it.
    context["verdicts"] = verdicts.verdicts(Child.objects.of(request.user), film)
    return render(request, "films/detail.html", context)
