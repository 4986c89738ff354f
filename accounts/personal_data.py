"""What Reelwise keeps about a person, gathered for them to download (accounts.views.download_data).

Everything tied to the account is here except what would let someone else in: no password
hash, no session, and of an API token only that it exists (its key is a password too). Of
other people's words (a review someone marked helpful, say) only a link or an id.

The account itself is exported here; each app above this one registers the sections for
its own models in its AppConfig.ready() (`register("reviews", ...)`), named after the
relation to the user they export. tests/test_data_download.py checks that every relation
to the user is either exported or listed in NOT_EXPORTED on purpose.
"""

from django.utils import timezone
from rest_framework.authtoken.models import Token

# section name -> (the relation to the user it covers, function(user) returning JSON-ready
# data); filled by the apps' ready().
SECTIONS = {}

# Relations to the user that are not personal data of theirs, or are secrets.
NOT_EXPORTED = {
    "logentry": "the admin's own history of staff edits",
    "auth_token": "the key is a secret; the export says whether a token exists",
    "groups": "staff roles, shown as is_staff",
    "user_permissions": "staff permissions",
}


def register(name, section, *, relation=None):
    """Export `section(user)` under `name`; it covers the user's `relation` (default: `name`)."""
    SECTIONS[name] = (relation or name, section)


def exported_relations():
    return {relation for relation, _ in SECTIONS.values()}


def export(user):
    """A JSON-ready dict of the account, its token, and every registered section."""
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
        "api_token": {
            "exists": token is not None,
            "created_at": token.created.isoformat() if token else None,
        },
    } | {name: section(user) for name, (_, section) in SECTIONS.items()}


def _advisories_written(user):
    # Advisories sit below accounts: read through the relation, not by importing the model.
    return [
        {"film": str(advisory.film), "status": advisory.status}
        for advisory in user.advisories.select_related("film").order_by("pk")
    ]


register("advisories_written", _advisories_written, relation="advisories")
