"""A parent's children in their data download (accounts.personal_data)."""

from accounts.personal_data import register
from advisories.models import Category
from families.models import FamilySettings, limit_field


def children(user):
    return [
        {
            "nickname": child.nickname,
            "birth_year": child.birth_year,
            "positive_matters": child.positive_matters,
            "limits": {limit_field(c): getattr(child, limit_field(c)) for c in Category},
        }
        for child in user.children.order_by("pk")
    ]


def family_settings(user):
    return {"use_community": FamilySettings.for_user(user).use_community}


def register_sections():
    register("children", children)
    register("family_settings", family_settings)
