"""/api/v1/films/<film_slug>/reviews/: a film's published reviews, and the writes (a review,
a helpful mark, a report) through reviews.services, the same rules as the site's forms."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.limits import RateLimited
from films.api import schema
from films.api.methods import UnsupportedMethodFirst
from films.api.pagination import Pagination
from films.models import Film
from films.redirects import to_current_slug
from reviews import services
from reviews.api.serializers import (
    SCORE_FIELDS,
    MessageSerializer,
    OwnReviewSerializer,
    ReportSerializer,
    ReviewSerializer,
)
from reviews.models import Review

WRITABLE = ["stars", "age_recommendation", "title", "body", "flags", *SCORE_FIELDS]
EXAMPLE_REVIEW_ID = 1
REVIEW_ID = OpenApiParameter(
    "id",
    int,
    OpenApiParameter.PATH,
    description="The review's id, as the list of reviews gives it.",
    examples=[OpenApiExample("A review", value=EXAMPLE_REVIEW_ID)],
)


class Conflict(exceptions.APIException):
    """Done already: a second review, helpful mark or report by the same person."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "You have already done this."
    default_code = "conflict"


def call_service(service, **kwargs):
    """Call a reviews.services function, turning its exceptions into the API's answers: a
    ValidationError into a 400 naming the fields (a 409 when it says the thing is done
    already), RateLimited into a 429 with Retry-After. (DRF turns PermissionDenied into a 403.)"""
    try:
        return service(**kwargs)
    except RateLimited as exc:
        raise exceptions.Throttled(wait=exc.retry_after) from exc
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict") and exc.error_list[0].code == "duplicate":
            raise Conflict(" ".join(exc.messages)) from exc
        raise serializers.ValidationError(field_errors(exc)) from exc


def field_errors(exc):
    """{field: [messages]}, with errors about no one field under "non_field_errors"."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
        for field, messages in exc.message_dict.items()
    }


def write_schema(summary, description, responses, *, one_review=True, request=ReviewSerializer, examples=()):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[schema.path_slug("film_slug"), *([REVIEW_ID] if one_review else [])],
        request=request,
        responses=responses | schema.WRITE_ERRORS,
        examples=list(examples),
        tags=["reviews"],
    )


@extend_schema_view(
    list=extend_schema(
        summary="A film's published reviews",
        description="Reviews by parents and teens that moderators have published, newest first.",
        parameters=[schema.path_slug("film_slug")],
        responses={200: ReviewSerializer(many=True), 400: schema.BAD_PARAMETERS} | schema.ERRORS,
        tags=["reviews"],
    ),
    create=write_schema(
        "Review a film",
        "Signed in as a parent or a teen (a token, or the session with its CSRF token). The same "
        "rules as the site's form: a new review publishes at once unless it must wait for a "
        "moderator (`status` says which). One review per person and film: a second POST is a "
        "409; change the review with PUT or PATCH. Fields not listed are ignored.",
        {201: OwnReviewSerializer, 409: schema.DONE_ALREADY},
        one_review=False,
        examples=[
            OpenApiExample(
                "A parent's review",
                request_only=True,
                value={
                    "stars": 4,
                    "age_recommendation": 15,
                    "title": "Quiet and sad",
                    "body": "Beautifully acted; it stays with you. Better for older teens.",
                    "flags": ["great_role_models"],
                },
            )
        ],
    ),
    update=write_schema(
        "Replace your review",
        "The author's own review, with every field. An edited review goes back to the moderators.",
        {200: OwnReviewSerializer},
    ),
    partial_update=write_schema(
        "Change your review",
        "The author's own review, with the fields sent. An edited review goes back to the moderators.",
        {200: OwnReviewSerializer},
    ),
    destroy=write_schema(
        "Delete your review",
        "The author deletes their own review, with its helpful marks and reports.",
        {204: None},
        request=None,
    ),
    helpful=write_schema(
        "Mark a review helpful",
        "Once per person and published review (a second time is a 409); not one's own.",
        {201: MessageSerializer, 409: schema.DONE_ALREADY},
        request=None,
    ),
    report=write_schema(
        "Report a review to the moderators",
        "Once per person and published review (a second time is a 409); not one's own. Three "
        "people's reports hide it until a moderator decides.",
        {201: MessageSerializer, 409: schema.DONE_ALREADY},
        request=ReportSerializer,
    ),
)
class FilmReviewViewSet(
    UnsupportedMethodFirst,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """/api/v1/films/<film_slug>/reviews/: the reviews of one film, and /<id>/ for one."""

    serializer_class = ReviewSerializer
    pagination_class = Pagination
    parser_classes = [JSONParser]
    filter_backends = []
    queryset = Review.objects.published()
    lookup_value_converter = "int"

    @cached_property
    def film(self):
        """As on the site: a film whose advisory is a draft is a 404, for its reviews too."""
        return get_object_or_404(Film.objects.public(), slug=self.kwargs["film_slug"])

    def list(self, request, *args, **kwargs):
        try:
            return super().list(request, *args, **kwargs)
        except Http404:
            moved = to_current_slug(request, kwargs["film_slug"])  # a renamed or merged film's old URL
            if moved is None:
                raise
            return moved

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return Review.objects.none()
        if self.action in {"update", "partial_update", "destroy"}:
            # One's own review, whatever its status; anyone else's is a 404.
            return self.film.reviews.filter(author=self.request.user)
        if self.action in {"helpful", "report"}:
            return self.film.reviews.published()
        published = self.film.reviews.published().select_related("author", "contribution")
        return published.order_by("-created_at", "-pk")

    def get_serializer_class(self):
        return ReportSerializer if self.action == "report" else ReviewSerializer

    def create(self, request, *args, **kwargs):
        film = self.film
        if not services.can_write_reviews(request.user):
            raise exceptions.PermissionDenied(
                "Reviews are written by parents and teens, from an account with a birth date."
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existing = film.reviews.filter(author=request.user).first()
        if existing is not None:
            url = reverse("api:film-review-detail", kwargs={"film_slug": film.slug, "pk": existing.pk})
            raise Conflict(
                "You have already reviewed this film: change your review with PUT or PATCH at "
                f"{request.build_absolute_uri(url)}"
            )
        review = call_service(
            services.submit_review,
            author=request.user,
            film=film,
            **services.review_arguments(serializer.validated_data),
        )
        return Response(self.own(review), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        review = self.get_object()
        serializer = self.get_serializer(review, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = {field: getattr(review, field) for field in WRITABLE} | serializer.validated_data
        review = call_service(
            services.submit_review, author=request.user, film=review.film, **services.review_arguments(data)
        )
        return Response(self.own(review))

    def perform_destroy(self, instance):
        call_service(services.delete_review, user=self.request.user, review=instance)

    @action(detail=True, methods=["post"])
    def helpful(self, request, *args, **kwargs):
        review = self.get_object()
        call_service(services.mark_helpful, user=request.user, review=review)
        return Response({"detail": "You marked this review helpful."}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        review = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call_service(services.report_review, user=request.user, review=review, **serializer.validated_data)
        return Response(
            {"detail": "Thank you: a moderator will look at this review."}, status=status.HTTP_201_CREATED
        )

    def own(self, review):
        return OwnReviewSerializer(review, context=self.get_serializer_context()).data
