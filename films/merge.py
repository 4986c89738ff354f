"""Merging two pages of one film ("The Iron Giant" from Wikipedia, "Iron Giant, The" from the catalog).

`merge_films()` finds what points at a film from Django's model registry (every foreign key,
one-to-one and many-to-many to Film, in any app), so films never imports the apps above it
and a relation added later is merged too.
"""

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal

from films.models import Film, FilmSlugRedirect
from pagecache import bump_catalog, bump_film

# Derived from the title, or the record's own: never copied from the film merged away.
# Sent inside the merge's transaction, once everything points at `target`: apps whose models
# hold figures worked out from the rest (marked `derived_from_films = True`, whose rows the
# merge drops) recount them for the film that stays.
film_merged = Signal()

NOT_COPIED = {"id", "title", "slug", "sort_title", "match_key", "search_document", "created_at", "updated_at"}


@dataclass
class MergeReport:
    source: str
    target: str
    moved: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)

    def lines(self):
        yield f"{self.source} merged into {self.target}."
        yield from (f"Moved: {line}." for line in self.moved)
        yield from (f"Dropped (the target has its own): {line}." for line in self.dropped)
        yield from (f"Filled in from the merged film: {line}." for line in self.copied)


def pointers():
    """(model, foreign key) for every table with a column that points at a film."""
    found = []
    for relation in Film._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            found += [(through, f) for f in through._meta.fields if f.related_model is Film]
        else:
            found.append((relation.related_model, relation.field))
    for m2m in Film._meta.many_to_many:
        through = m2m.remote_field.through
        found.append((through, through._meta.get_field(m2m.m2m_field_name())))
    unique = []
    for pointer in found:
        if pointer not in unique:
            unique.append(pointer)
    return unique


def unique_sets(model, fk):
    """The other fields that must differ among rows with the same film, with the condition if any."""
    sets = [(tuple(fields), None) for fields in model._meta.unique_together if fk.name in fields]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk.name in constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition))
    return [(tuple(f for f in fields if f != fk.name), condition) for fields, condition in sets]


def label(model):
    return str(model._meta.verbose_name)


@transaction.atomic
def merge_films(*, source: Film, target: Film) -> MergeReport:
    """Move everything that points at `source` onto `target`, then delete `source`; its slug
    redirects to `target` from then on. All or nothing, in one transaction.

    Where `target` already has what `source` has and there can be only one (a review by the
    same author, the same genre), the target's stays and the source's is dropped; the report
    says which. A model with a classmethod `merge_into_film(rows, target)` (a count such as
    page views, which the two films' rows add up to) merges its own rows. Facts the target
    lacks (runtime, IMDb id…) are filled in from the source.
    Raises ValidationError, changing nothing, for a film merged into itself or when both
    films have a one-to-one relation filled (both have an advisory).
    """
    if source.pk == target.pk:
        raise ValidationError("A film cannot be merged into itself.")
    source, target = (Film.objects.select_for_update().get(pk=film.pk) for film in (source, target))
    report = MergeReport(str(source), str(target))

    for model, fk in pointers():
        rows = model._default_manager.filter(**{fk.name: source})
        if hasattr(model, "merge_into_film"):
            model.merge_into_film(rows, target)  # a count the two films' rows add up to
            continue
        if getattr(model, "derived_from_films", False):
            rows.delete()  # a figure worked out from the rest: recounted after the merge
            continue
        both = fk.unique and rows.exists() and model._default_manager.filter(**{fk.name: target}).exists()
        if both:  # one-to-one, such as the advisory
            article = "an" if label(model)[0] in "aeiou" else "a"
            raise ValidationError(
                f"Both films have {article} {label(model)}: keep one, delete the other, then merge. "
                "Nothing was changed."
            )
        for others, condition in unique_sets(model, fk):
            on_target = model._default_manager.filter(**{fk.name: target})
            colliding = rows
            if condition is not None:
                on_target, colliding = on_target.filter(condition), colliding.filter(condition)
            taken = set(on_target.values_list(*others))
            attnames = [model._meta.get_field(f).attname for f in others]
            drop = [obj for obj in colliding if tuple(getattr(obj, a) for a in attnames) in taken]
            for obj in drop:
                report.dropped.append(f"{label(model)} {obj}")
                obj.delete()
        count = rows.update(**{fk.name: target})
        if count and model is not FilmSlugRedirect:
            report.moved.append(f"{count} × {label(model)}")

    for film_field in Film._meta.concrete_fields:
        name = film_field.attname
        if name in NOT_COPIED:
            continue
        mine, theirs = getattr(target, name), getattr(source, name)
        if name == "votes" and theirs > mine or mine in (None, "", {}) and theirs not in (None, "", {}):
            setattr(target, name, theirs)
            report.copied.append(str(film_field.verbose_name))

    old_slug = source.slug
    film_merged.send(sender=Film, source_pk=source.pk, target=target)
    source.delete()
    # Every field, the advisory's copies too: the source's advisory has just moved here.
    target.save(update_fields=[field.name for field in Film._meta.concrete_fields if not field.primary_key])
    FilmSlugRedirect.objects.moved(old_slug, target)
    # Rows moved with update() send no signals: the cached pages of both films go.
    transaction.on_commit(bump_catalog)
    for slug in (old_slug, target.slug):
        transaction.on_commit(partial(bump_film, slug))
    return report
