"""Bump the page cache's generations whenever what a cached page shows changes.

Saves and deletes through the ORM arrive here as signals. Code that writes with
`QuerySet.update()` or `bulk_create()` bypasses signals and must call `bump_catalog()` or
`bump_film()` itself (the catalog importer and the review counters do).
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ops.caching import bump_catalog, bump_film

CATALOG_APPS = {"films", "advisories"}


def _film_slug(instance):
    """The slug of the film a community row is about: a review's, or its review's."""
    for path in ("film", "review.film"):
        obj = instance
        for attr in path.split("."):
            obj = getattr(obj, attr, None)
            if obj is None:
                break
        else:
            return obj.slug
    return None


def catalog_changed(sender, **kwargs):
    transaction.on_commit(bump_catalog)


def community_changed(sender, instance, **kwargs):
    slug = _film_slug(instance)
    if slug:
        transaction.on_commit(lambda: bump_film(slug))


def connect():
    for model in apps.get_models():
        label = model._meta.app_label
        if label in CATALOG_APPS:
            post_save.connect(catalog_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
            post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-del")
        elif label == "reviews" and model is not apps.get_model("reviews", "User"):
            post_save.connect(community_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
            post_delete.connect(
                community_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-del"
            )
    m2m_changed.connect(catalog_changed, dispatch_uid="cache-m2m")
