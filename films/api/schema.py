"""What the OpenAPI schema says beyond what drf-spectacular finds on its own: the error
bodies every endpoint can return, and the exact types and bounds of the film filters."""

from django import forms
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")


BAD_PARAMETERS = OpenApiResponse(
    {
        "type": "object",
        "description": "Each query parameter at fault, with what is wrong with it.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"age_max": ["Enter a whole number."]},
    },
    description="A query parameter has a bad value; the body names it.",
)
ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="The token sent is unknown or revoked."),
    404: OpenApiResponse(ErrorSerializer, description="No such film, or no such page of results."),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests; the Retry-After header says how many seconds to wait.",
    ),
}
BAD_FIELDS = OpenApiResponse(
    {
        "type": "object",
        "description": "Each field at fault with what is wrong with it; errors about no one field "
        "under `non_field_errors`; a body that is not JSON gets `detail` instead.",
        "properties": {"detail": {"type": "string", "description": "The body could not be read."}},
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"stars": ["A valid integer is required."], "body": ["This field is required."]},
    },
    description="The request is refused as it is; the body names each field at fault.",
)
DONE_ALREADY = OpenApiResponse(
    ErrorSerializer,
    description="You have done this already: reviewed this film (the message says where to change "
    "the review, with PUT or PATCH), marked this review helpful or reported it.",
)
WRITE_ERRORS = {
    400: BAD_FIELDS,
    401: OpenApiResponse(ErrorSerializer, description="No credentials, or the token is unknown or revoked."),
    403: OpenApiResponse(
        ErrorSerializer,
        description="This account may not do this: it has no birth date (staff), the review is one's "
        "own, or a session request came without its CSRF token.",
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="No such film (or its advisory is a draft), or no such review that you may act on.",
    ),
    415: OpenApiResponse(ErrorSerializer, description="The body is not `application/json`."),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests or too many reviews, marks or reports this hour; the "
        "Retry-After header says how many seconds to wait.",
    ),
}


def path_slug(name):
    return OpenApiParameter(
        name,
        str,
        OpenApiParameter.PATH,
        description="The film's slug: its title and year, such as `never-let-me-go-2010`.",
        pattern=r"^[-a-zA-Z0-9_]+$",
        examples=[OpenApiExample("The demo film", value="never-let-me-go-2010")],
    )


FILM_SLUG = path_slug("slug")


# Django's text fields refuse the NUL character (PostgreSQL cannot store it).
NO_NULL_CHARACTERS = r"^[^\x00]*$"


class FilmFilterExtension(DjangoFilterExtension):
    """Describe number filters as integers with the bounds the form enforces, and text
    filters with their maximum length and without NUL, so that the schema accepts exactly what
    the API accepts. drf-spectacular alone calls filters on computed values plain "number"."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        for parameter in parameters:
            # As on the browse page's form, an empty value means "no filter".
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if issubclass(filter_field.field_class, forms.IntegerField):
                schema["type"] = "integer"
                schema.pop("format", None)
                if extra.get("min_value") is not None:
                    schema["minimum"] = extra["min_value"]
                if extra.get("max_value") is not None:
                    schema["maximum"] = extra["max_value"]
            if issubclass(filter_field.field_class, forms.CharField):
                schema["pattern"] = NO_NULL_CHARACTERS
            if extra.get("max_length"):
                schema["maxLength"] = extra["max_length"]
        return parameters


class AutoSchema(openapi.AutoSchema):
    """Reads need no account (README: API), so a GET says `security: []`: no padlock in the
    docs. Writes keep their token and session schemes."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self.method in permissions.SAFE_METHODS:
            operation["security"] = []
        return operation
