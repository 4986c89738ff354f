from django.http import Http404
from django.shortcuts import get_object_or_404, render

from advisories.models import Advisory
from films.models import Film
from reviews import community


def home(request):
    advisories = Advisory.objects.published().select_related("film")[:12]
    return render(request, "films/home.html", {"advisories": advisories})


def _get_film_for_user(slug, user):
    """The film with everything its page shows; a draft advisory is a 404 but for staff."""
    film = get_object_or_404(Film.objects.for_page(), slug=slug)
    advisory = getattr(film, "advisory", None)
    if advisory is not None and not advisory.is_published and not user.is_staff:
        raise Http404("No published advisory for this film.")
    return film


def film_detail(request, slug):
    film = _get_film_for_user(slug, request.user)
    context = {"film": film, "advisory": getattr(film, "advisory", None)}
    context.update(community.for_film(film, request.user))
    return render(request, "films/detail.html", context)
