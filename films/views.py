from django.http import Http404
from django.shortcuts import get_object_or_404, render

from advisories.models import Advisory
from films.models import Film


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
    advisory = getattr(film, "advisory", None)
    return render(request, "films/detail.html", {"film": film, "advisory": advisory})
