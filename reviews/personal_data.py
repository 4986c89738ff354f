"""What Reelwise keeps about a person, gathered for them to download (reviews.accounts.download_data).

Everything tied to the account is here except what would let someone else in: no password
hash, no session, and of an API token only that it exists (its key is a password too).
Adding a model that points at the user means adding it here; tests/test_data_download.py
checks every relation to the user is either exported or listed as left out on purpose.
"""

from django.utils import timezone
from rest_framework.authtoken.models import Token

from advisories.models import Category
from families.models import limit_field

# Relations to the user that are not personal data of theirs, or are secrets.
NOT_EXPORTED = {
    "logentry": "the admin's own history of staff edits",
    "auth_token": "the key is a secret; the export says whether a token exists",
    "groups": "staff roles, shown as is_staff",
    "user_permissions": "staff permissions",
}


def export(user):
    """A JSON-ready dict of the account, its reviews, helpful marks, reports and token."""
    token = Token.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "birth_month": user.birth_month,
            "birth_year": user.birth_year,
            "shown_with_reviews_as": user.public_label(),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
        },
        "reviews": [
            {
                "film": str(review.film),
                "film_slug": review.film.slug,
                "stars": review.stars,
                "age_recommendation": review.age_recommendation,
                "title": review.title,
                "body": review.body,
                "flags": review.flags,
                "status": review.status,
                "written_as": review.author_label,
                "created_at": review.created_at.isoformat(),
                "updated_at": review.updated_at.isoformat(),
            }
            for review in user.reviews.select_related("film").order_by("created_at", "pk")
        ],
        "helpful_marks": [
            {
                "review": mark.review.title,
                "film": str(mark.review.film),
                "created_at": mark.created_at.isoformat(),
            }
            for mark in user.helpful_marks.select_related("review__film").order_by("created_at", "pk")
        ],
        "reports": [
            {
                "review": report.review.title,
                "film": str(report.review.film),
                "reason": report.reason,
                "note": report.note,
                "is_open": report.is_open,
                "created_at": report.created_at.isoformat(),
            }
            for report in user.reports.select_related("review__film").order_by("created_at", "pk")
        ],
        "children": [
            {
                "nickname": child.nickname,
                "birth_year": child.birth_year,
                "positive_matters": child.positive_matters,
                "limits": {limit_field(c): getattr(child, limit_field(c)) for c in Category},
            }
            for child in user.children.order_by("pk")
        ],
        "advisories_written": [
            {"film": str(advisory.film), "status": advisory.status}
            for advisory in user.advisories.select_related("film").order_by("pk")
        ],
        "moderation_decisions": [
            {
                "review": decision.review_title,
                "status": decision.status,
                "reason": decision.reason,
                "created_at": decision.created_at.isoformat(),
            }
            for decision in user.moderation_decisions.order_by("created_at", "pk")
        ],
        "api_token": {
            "exists": token is not None,
            "created_at": token.created.isoformat() if token else None,
        },
    }
