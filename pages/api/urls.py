"""The API's URLs, under /api/v1/ in the `api` namespace."""

from django.http import JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

from pages.api.views import FilmViewSet
from reviews.api.views import FilmReviewViewSet

app_name = "api"

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("films", FilmViewSet, basename="film")
router.register("films/<slug:film_slug>/reviews", FilmReviewViewSet, basename="film-review")


@csrf_exempt  # it changes nothing, so a POST here is a JSON 404 too, not the CSRF page
def not_found(request):
    """Any other URL under /api/v1/ (such as a slug with characters no slug has): a JSON 404
    like the API's own, not the site's HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [*router.urls, re_path(r"", not_found, name="not-found")]
