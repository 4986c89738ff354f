"""The family profile (a parent's children and their limits) and the compare page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from accounts.views import WELCOME_SESSION_KEY
from advisories.models import Category
from families import verdicts
from families.forms import ChildForm, ChildLimitsForm
from families.models import DEFAULT_LIMITS, OLDEST_CHILD, Child, FamilySettings, default_limit, is_parent
from films.models import Film

MAX_COMPARED = 4
COMPARE_SESSION_KEY = "compare"


def _parents_only(request):
    return render(request, "families/parents_only.html", status=403)


def _get_child_for_user(pk, user):
    return get_object_or_404(Child, pk=pk, owner=user)


@login_required
def family(request):
    """The parent's children, and a form to add one (who starts with the limits for their age)."""
    if not is_parent(request.user):
        return _parents_only(request)
    form = ChildForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        child = form.save(commit=False)
        child.apply_default_limits()
        child.save()
        messages.success(
            request,
            f"{child.nickname} is in your family, with our usual limits for age {child.age}. "
            "Change them below if they do not suit.",
        )
        return redirect(child)
    context = {
        "form": form,
        "children": Child.objects.of(request.user),
        "defaults": _defaults_table(),
        # Once, on a new parent's first visit (set at sign-up).
        "welcome": request.session.pop(WELCOME_SESSION_KEY, False),
        "family_settings": FamilySettings.for_user(request.user),
        "settings_label": FamilySettings._meta.get_field("use_community").verbose_name,
        "community_min": settings.COMMUNITY_ADVISORY_MIN,
    }
    return render(request, "families/family.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def family_settings(request):
    """The parent's choice of advisories for the whole family: a ticked box or not."""
    if not is_parent(request.user):
        return _parents_only(request)
    values = request.POST.getlist("use_community")
    if values not in ([], ["on"]):  # a checkbox: ticked ("on") or absent
        messages.error(request, "“Use community advisories” is a box to tick or not.")
        return redirect("families:family")
    use_community = values == ["on"]
    FamilySettings.objects.update_or_create(owner=request.user, defaults={"use_community": use_community})
    if use_community:
        messages.success(request, "Verdicts now use community advisories where our editors have none.")
    else:
        messages.success(request, "Verdicts now use our editors' advisories only.")
    return redirect("families:family")


@login_required
def edit_child(request, pk):
    if not is_parent(request.user):
        return _parents_only(request)
    child = _get_child_for_user(pk, request.user)
    form = ChildLimitsForm(request.POST or None, instance=child, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {child.nickname}'s limits.")
        return redirect("families:family")
    context = {"form": form, "child": child}
    return render(request, "families/edit_child.html", context, status=400 if form.errors else 200)


@login_required
def remove_child(request, pk):
    """Confirm, then (on POST) remove a child from the family."""
    if not is_parent(request.user):
        return _parents_only(request)
    child = _get_child_for_user(pk, request.user)
    if request.method == "POST":
        child.delete()
        messages.success(request, f"Removed {child.nickname} from your family.")
        return redirect("families:family")
    return render(request, "families/remove_child.html", {"child": child})


def _defaults_table():
    """DEFAULT_LIMITS as rows a parent can read: the ages each row covers and its limits."""
    rows = []
    for index, row in enumerate(DEFAULT_LIMITS):
        age, _, positive_min = row
        next_age = DEFAULT_LIMITS[index + 1][0] if index + 1 < len(DEFAULT_LIMITS) else None
        ages = f"{age} to {(next_age or OLDEST_CHILD + 1) - 1}"
        concerns = [
            {"category": category, "value": default_limit(row, category)} for category in Category.concerns()
        ]
        rows.append({"ages": ages, "concerns": concerns, "positive_min": positive_min})
    return {"categories": Category.concerns(), "rows": rows}


def _compare_url(slugs):
    url = reverse("families:compare")
    return f"{url}?{urlencode({'films': ','.join(slugs)})}" if slugs else url


def _parse_slugs(raw):
    slugs = []
    for slug in raw.split(","):
        slug = slug.strip()
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def compare(request):
    """Up to four films side by side: `?films=a,b,c`, or the visitor's list so far."""
    raw = request.GET.get("films")
    slugs = _parse_slugs(raw) if raw is not None else request.session.get(COMPARE_SESSION_KEY, [])
    problems = []
    if len(slugs) > MAX_COMPARED:
        problems.append(
            f"You can compare up to four films at a time: here are the first four of the {len(slugs)} "
            "you asked for."
        )
        slugs = slugs[:MAX_COMPARED]
    found = {
        film.slug: film
        for film in Film.objects.filter(slug__in=slugs)
        .select_related("advisory", "rating")
        .prefetch_related("advisory__ratings")
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        problems.append("We have no film at " + ", ".join(f"“{slug}”" for slug in unknown) + ".")
    films = [found[slug] for slug in slugs if slug in found]
    kept = [film.slug for film in films]
    if not problems and request.session.get(COMPARE_SESSION_KEY, []) != kept:
        request.session[COMPARE_SESSION_KEY] = kept
    context = {
        "problems": problems,
        "columns": [_column(film, kept) for film in films],
        "category_rows": [
            {"category": category, "scores": [_score(film, category) for film in films]}
            for category in Category
        ],
        "verdict_rows": [
            {"child": child, "verdicts": [verdicts.verdict(child, film) for film in films]}
            for child in Child.objects.of(request.user)
        ],
    }
    return render(request, "families/compare.html", context, status=400 if problems else 200)


def _published(film):
    advisory = getattr(film, "advisory", None)
    return advisory if advisory is not None and advisory.is_published else None


def _column(film, slugs):
    return {
        "film": film,
        "advisory": _published(film),
        "remove_url": _compare_url([slug for slug in slugs if slug != film.slug]),
    }


def _score(film, category):
    advisory = _published(film)
    if advisory is None:
        return None
    rating = advisory.rating_for(category)
    return rating.score if rating is not None else None


def _back_to(request):
    """The page the visitor came from (`next`, a path on this site), else None."""
    back = request.GET.get("next", "")
    if (
        back.startswith("/")
        and not back.startswith("//")
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        return back
    return None


def add_to_compare(request, slug):
    """Add a film to the visitor's compare list (kept in their session), then go back to the
    page they were on (`next`) with a message, or, without one, show the list."""
    film = get_object_or_404(Film, slug=slug)
    slugs = list(request.session.get(COMPARE_SESSION_KEY, []))
    if film.slug in slugs:
        messages.info(request, f"{film.title} is already in your compare list ({len(slugs)} of 4).")
    elif len(slugs) >= MAX_COMPARED:
        messages.warning(request, f"You are already comparing four films: remove one to add {film.title}.")
    else:
        slugs.append(film.slug)
        request.session[COMPARE_SESSION_KEY] = slugs
        messages.success(
            request,
            f"Added {film.title} to your compare list ({len(slugs)} of 4). "
            "Open “Compare” at the top of the page to see them side by side.",
        )
    return redirect(_back_to(request) or _compare_url(slugs))


def remove_from_compare(request, slug):
    """Take a film out of the visitor's compare list, then go back to the page they were on."""
    slugs = list(request.session.get(COMPARE_SESSION_KEY, []))
    film = Film.objects.filter(slug=slug).first()
    if slug in slugs:
        slugs.remove(slug)
        request.session[COMPARE_SESSION_KEY] = slugs
        messages.success(request, f"Removed {film.title if film else slug} from your compare list.")
    return redirect(_back_to(request) or _compare_url(slugs))
