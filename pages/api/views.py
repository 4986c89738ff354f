from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from films.api import schema
from films.api.methods import UnsupportedMethodFirst
from films.api.pagination import Pagination
from films.models import Film
from films.redirects import to_current_slug
from pagecache import CATALOG, FILM, public_page
from pages.api.serializers import LIST_COLUMNS, FilmDetailSerializer, FilmSerializer
from pages.film_data import film_for_page
from pages.film_list import FilmList
from pages.filters import FilmFilterSet

# What FilmSerializer shows, in one query: the film, its advisory, its effective rating and
# its community figures, as rows of values, not model instances. Made once: resolving its 38
# columns cost more than a copy of it (get_queryset's .all()).
LISTED = Film.objects.values(*LIST_COLUMNS)


class FilmListBackend(DjangoFilterBackend):
    """The films the FilterSet chooses, as a FilmList of LISTED rows, which the pagination reads
    a page at a time."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return FilmList(filterset, rows=LISTED.all())


@extend_schema_view(
    list=extend_schema(
        summary="Films, filtered by age and content",
        description="Films with their published advisory's age, stars, one-liner and seven scores. "
        "Without `ordering`, films with the newest advisories come first, then films without one.",
        responses={200: FilmSerializer(many=True), 400: schema.BAD_PARAMETERS} | schema.ERRORS,
    ),
    retrieve=extend_schema(
        summary="A film with its advisory",
        description="The film's facts, certificates, credits and trivia, and its published advisory "
        "(scores with notes, texts, questions for families, alternatives).",
        parameters=[schema.FILM_SLUG],
        responses={200: FilmDetailSerializer} | schema.ERRORS,
    ),
)
@public_page(
    {"list": CATALOG, "retrieve": FILM},
    params={"list": [*FilmFilterSet.base_filters, "page", Pagination.page_size_query_param]},
)
class FilmViewSet(
    UnsupportedMethodFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_field = "slug"
    lookup_value_converter = "slug"
    filterset_class = FilmFilterSet
    filter_backends = [FilmListBackend]
    pagination_class = Pagination

    def get_queryset(self):
        return Film.objects.all()  # the filters choose from the films; FilmList reads LISTED

    def get_object(self):
        # What the film page reads, through the same prepared reads (pages/film_data.py).
        film = film_for_page(self.kwargs[self.lookup_field])
        if film is None:
            raise Http404("No Film matches the given query.")  # as DRF's get_object() says
        self.check_object_permissions(self.request, film)
        return film

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = to_current_slug(request, kwargs["slug"])  # a renamed or merged film's old URL
            if moved is None:
                raise
            return moved

    def get_serializer_class(self):
        return FilmDetailSerializer if self.action == "retrieve" else FilmSerializer

    def filter_queryset(self, queryset):
        # The filters choose films for the list; a film's own URL ignores them.
        return super().filter_queryset(queryset) if self.action == "list" else queryset
