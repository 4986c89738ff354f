from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from films.api import schema
from films.api.views import Pagination
from films.models import Film
from reviews.api.serializers import ReviewSerializer
from reviews.models import Review


@extend_schema_view(
    list=extend_schema(
        summary="A film's published reviews",
        description="Reviews by parents and teens that moderators have published, newest first.",
        parameters=[schema.path_slug("film_slug")],
        responses={200: ReviewSerializer(many=True), 400: schema.BAD_PARAMETERS} | schema.ERRORS,
        tags=["reviews"],
    ),
)
class FilmReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """/api/v1/films/<film_slug>/reviews/: the reviews of one film."""

    serializer_class = ReviewSerializer
    pagination_class = Pagination
    filter_backends = []
    queryset = Review.objects.published()

    @cached_property
    def film(self):
        return get_object_or_404(Film, slug=self.kwargs["film_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return Review.objects.none()
        return self.film.reviews.published().select_related("author").order_by("-created_at", "-pk")
