"""The reviews API's JSON. The fields are typed strictly (a number is a JSON number, text is a
JSON string) so that a wrong type is a 400 naming the field, and carry the bounds the schema
states; the rules themselves (moderation, one review per person, limits) are reviews.services',
shared with the web form, which validates the data again."""

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from advisories.models import MAX_SCORE, Category
from reviews.models import BODY_MIN_LENGTH, Flag, Report, Review, score_field

# What a title and a body must hold, checked here so that the schema can say it exactly (its
# `pattern`): no NUL, and at least one (title) or BODY_MIN_LENGTH (body) characters that are
# neither blank nor control characters, which ReviewForm drops. The blanks are listed rather
# than written `\s`, which means different things to Python and to the ECMAScript regexes
# that schema readers use (U+0085, say). The two classes are disjoint, so the patterns match
# in linear time.
BLANK_OR_CONTROL = r"\x01-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
VISIBLE = rf"[^\x00{BLANK_OR_CONTROL}]"
INVISIBLE = rf"[{BLANK_OR_CONTROL}]"
NO_NUL = RegexValidator(r"^[^\x00]*$", "Null characters are not allowed.")
TITLE_PATTERN = RegexValidator(rf"^{INVISIBLE}*{VISIBLE}[^\x00]*$", "Please give your review a title.")
BODY_PATTERN = RegexValidator(
    rf"^(?:{INVISIBLE}*{VISIBLE}){{{BODY_MIN_LENGTH}}}[^\x00]*$",
    f"Tell other families a little more: at least {BODY_MIN_LENGTH} characters, not counting spaces.",
)


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction: "4" or true is refused, not guessed at."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string: a number or a list is refused rather than turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not data.isascii():
            try:
                data.encode()
            except UnicodeEncodeError:  # a lone surrogate, which JSON can carry and no database stores
                self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": Flag.values}, "uniqueItems": True})
class FlagsField(serializers.ListField):
    """A list of flags whose errors are one flat list of messages, like every other field's."""

    child = serializers.ChoiceField(choices=Flag.choices)

    def run_child_validation(self, data):
        try:
            return super().run_child_validation(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            messages = [m for ms in detail.values() for m in ms] if isinstance(detail, dict) else detail
            raise serializers.ValidationError(messages) from exc


SCORE_CATEGORIES = {score_field(category): category for category in Category}
SCORE_FIELDS = list(SCORE_CATEGORIES)


class CategoryScoreField(StrictIntegerField):
    """The reviewer's own optional 0-5 score for one content category."""


def category_score_kwargs(category):
    return {
        "min_value": 0,
        "max_value": MAX_SCORE,
        "required": False,
        "allow_null": True,
        "help_text": f"Optional: the reviewer's own score for {category.label}, 0 to 5.",
    }


class ReviewSerializer(serializers.ModelSerializer):
    """A published review as the public sees it: the author's username and role, never
    their email or birth date. Also what a POST or PUT sends: stars, age_recommendation, title,
    body and flags; other fields sent are ignored."""

    author = serializers.CharField(
        source="author.username", read_only=True, help_text="The author's username."
    )
    author_label = serializers.CharField(
        read_only=True, help_text="Who wrote it, as the site shows it: `Parent` or `Teen, 15 years old`."
    )
    stars = StrictIntegerField(
        min_value=1, max_value=5, help_text="How good the reviewer finds the film, 1 to 5."
    )
    age_recommendation = StrictIntegerField(
        min_value=2, max_value=18, help_text="The youngest age the reviewer thinks it suits (2-18)."
    )
    title = StrictCharField(
        max_length=120,
        trim_whitespace=False,
        validators=[TITLE_PATTERN],
        help_text="The review's title, at most 120 characters.",
    )
    body = StrictCharField(
        max_length=5000,
        trim_whitespace=False,
        validators=[BODY_PATTERN],
        help_text=f"The review: plain text, at most 5,000 characters and at least {BODY_MIN_LENGTH} "
        "that are not spaces.",
    )
    flags = FlagsField(
        required=False,
        help_text="What other families should know, as the reviewer flags it; each flag once.",
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "author",
            "author_role",
            "author_label",
            "stars",
            "age_recommendation",
            "title",
            "body",
            "flags",
            *SCORE_FIELDS,
            "created_at",
        ]
        read_only_fields = ["id", "author_role", "created_at"]
        extra_kwargs = {
            "id": {"help_text": "The review's id."},
            "author_role": {"help_text": "The author's role when they wrote it."},
            "created_at": {"help_text": "When it was written."},
        }

    def build_field(self, field_name, info, model_class, nested_depth):
        """The optional score per category (`violence_score`...), typed strictly like the rest."""
        category = SCORE_CATEGORIES.get(field_name)
        if category is not None:
            return CategoryScoreField, category_score_kwargs(category)
        return super().build_field(field_name, info, model_class, nested_depth)


class OwnReviewSerializer(ReviewSerializer):
    """The author's own review, as a write returns it: with whether it is public yet."""

    status = serializers.ChoiceField(
        choices=[Review.Status.PUBLISHED, Review.Status.PENDING],
        read_only=True,
        help_text="`published`: everyone sees it now. `pending`: it waits for a moderator (a new "
        "account, a link, contact details or strong language, or an edit) and is not listed until "
        "one publishes it.",
    )

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "status"]


class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=Report.Reason.choices, help_text="What is wrong with the review."
    )
    note = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        validators=[NO_NUL],
        help_text="Anything a moderator should know, at most 500 characters.",
    )


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happened, in a sentence.")
