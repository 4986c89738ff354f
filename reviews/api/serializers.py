from rest_framework import serializers

from reviews.models import Flag, Review


class ReviewSerializer(serializers.ModelSerializer):
    """A published review as the public sees it: the author's username and role, never
    their email or birth date."""

    author = serializers.CharField(
        source="author.username", read_only=True, help_text="The author's username."
    )
    author_label = serializers.CharField(
        read_only=True, help_text="Who wrote it, as the site shows it: `Parent` or `Teen, 15 years old`."
    )
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=Flag.choices),
        required=False,
        help_text="What other families should know, as the reviewer flags it.",
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
            "created_at",
        ]
        read_only_fields = ["id", "author_role", "created_at"]
        extra_kwargs = {
            "id": {"help_text": "The review's id."},
            "author_role": {"help_text": "The author's role when they wrote it."},
            "stars": {"help_text": "How good the reviewer finds the film, 1 to 5."},
            "age_recommendation": {"help_text": "The youngest age the reviewer thinks it suits (2-18)."},
            "title": {"help_text": "The review's title."},
            "body": {"help_text": "The review."},
            "created_at": {"help_text": "When it was written."},
        }
