from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from films.api import schema
from films.api.serializers import FilmDetailSerializer, FilmSerializer
from films.filters import FilmFilterSet
from films.models import Film


class Pagination(PageNumberPagination):
    """`page` from 1, `page_size` from 1 to 100 (20 when not given). A bad page_size is a
    400 naming it, rather than DRF's silent fallback to the default; a page that is not
    plain digits (`2.0`, `last`) is a 404 like a page past the end."""

    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Enter a whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)

    def get_page_number(self, request, paginator):
        number = str(super().get_page_number(request, paginator))
        if not (number.isascii() and number.isdigit()):
            raise NotFound(self.invalid_page_message)
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = f"Results per page, from 1 to {self.max_page_size} (default 20)."
        return parameters


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
class FilmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"
    lookup_value_converter = "slug"
    filterset_class = FilmFilterSet
    pagination_class = Pagination

    def get_queryset(self):
        if self.action == "retrieve":
            return Film.objects.for_page()
        return Film.objects.for_card().prefetch_related("advisory__ratings")

    def get_serializer_class(self):
        return FilmDetailSerializer if self.action == "retrieve" else FilmSerializer

    def filter_queryset(self, queryset):
        # The filters choose films for the list; a film's own URL ignores them.
        return super().filter_queryset(queryset) if self.action == "list" else queryset
