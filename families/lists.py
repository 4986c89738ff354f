"""A child's list for the family's media server: the films whose verdict for the child is
"fine" and that a media server can match (an IMDb or TMDb id), in three forms.

No log-in: a media server fetches it with the long random token in the address, which is
all the proof there is, so every miss (unknown, revoked, malformed) is the same 404, the
answer is never stored by any cache, and each address is rate-limited.
"""

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.limits import per_address
from families import verdicts
from families.models import Child, MediaList, is_parent
from films.models import Film


def listed_films(child):
    """The films fine for `child`, by title: (with an id a media server matches, without)."""
    films = Film.objects.filter(verdicts.fine_for(child)).select_related("advisory")
    films = films.order_by("title", "year", "pk")
    matchable, unmatchable = [], []
    for film in films:
        (matchable if film.imdb_id or film.tmdb_id else unmatchable).append(film)
    return matchable, unmatchable


def _kometa_text(films):
    lines = []
    for film in films:
        lines.append(f"# {film.title} ({film.year})")
        lines.append(film.imdb_id or f"tmdb:{film.tmdb_id}")
    return "\n".join(lines) + "\n"


def _kometa_json(films):
    items = [{"imdb_id": film.imdb_id} if film.imdb_id else {"tmdb_id": film.tmdb_id} for film in films]
    return json.dumps(items, indent=1) + "\n"


def _csv(films):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "year", "imdb_id", "tmdb_id", "age", "source"])
    for film in films:
        advisory = film.published_advisory
        writer.writerow(
            [film.title, film.year, film.imdb_id or "", film.tmdb_id or "", advisory.age, "editors"]
        )
    return out.getvalue()


FORMATS = {
    "kometa.txt": (_kometa_text, "text/plain; charset=utf-8"),
    "kometa.json": (_kometa_json, "application/json"),
    "films.csv": (_csv, "text/csv; charset=utf-8"),
}


@require_GET
@never_cache
@per_address("media_list", method="GET")
def media_list(request, token, form):
    child = MediaList.child_for(token) if len(token) <= 100 else None
    if child is None or form not in FORMATS:
        raise Http404("No such list.")
    render, content_type = FORMATS[form]
    films, _ = listed_films(child)
    response = HttpResponse(render(films), content_type=content_type)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
def media_server(request, pk):
    """A child's list address for the media server: make, replace or revoke it; a new address
    is shown this once (only its hash is kept)."""
    if not is_parent(request.user):
        return render(request, "families/parents_only.html", status=403)
    child = get_object_or_404(Child, pk=pk, owner=request.user)
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "make":
            token = MediaList.replace_for(child)
        elif action == "revoke":
            MediaList.objects.filter(child=child).delete()
            messages.success(request, f"{child.nickname}'s list address no longer works.")
            return redirect("families:media_server", pk=child.pk)
        else:
            return render(request, "families/media_server.html", _context(child), status=400)
    context = _context(child)
    if token:
        base = request.build_absolute_uri(reverse("families:media_list", args=[token, "films.csv"]))
        folder = base.removesuffix("films.csv")
        context["addresses"] = [(form, folder + form) for form in FORMATS]
    return render(request, "families/media_server.html", context)


def _context(child):
    matchable, unmatchable = listed_films(child)
    return {
        "child": child,
        "has_list": MediaList.objects.filter(child=child).exists(),
        "listed": len(matchable),
        "unmatchable": len(unmatchable),
    }
