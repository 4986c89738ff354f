"""Whether a film is fine for a child: one set of rules, read two ways.

`rules_for(child)` lists what a film must keep to; `verdict()` checks one film's effective
rating (advisories.FilmRating: the editors' published advisory, else the community's, if
the parent uses community advisories) against those rules in Python (the film page,
compare), and `fine_for()` turns the same rules into a database filter (browse and the
API's `suits=`). Both read the same list and the same row, so a film the filter keeps is
exactly a film whose verdict is "fine".
"""

from dataclasses import dataclass, field

from django.db.models import Q

from advisories.models import Category, FilmRating


@dataclass(frozen=True)
class Rule:
    """A category's score must be at most (a concern) or at least (a positive) `bound`."""

    category: Category
    bound: int

    @property
    def lookup(self):
        return "gte" if self.category.is_positive else "lte"

    def keeps(self, score):
        return score >= self.bound if self.category.is_positive else score <= self.bound

    def reason(self, score, nickname):
        name = self.category.label.lower()
        if self.category.is_positive:
            return f"{name} {score} is below {nickname}'s minimum {self.bound}"
        return f"{name} {score} is above {nickname}'s limit {self.bound}"


def rules_for(child):
    rules = [Rule(category, child.limit(category)) for category in Category.concerns()]
    if child.positive_matters:
        rules += [Rule(category, child.limit(category)) for category in Category.positive()]
    return rules


@dataclass
class Verdict:
    child: object
    judged: bool
    reasons: list = field(default_factory=list)
    # The FilmRating judged by: its source_label says "Editors" or "Community · 14 members".
    rating: object = None

    @property
    def is_fine(self):
        return self.judged and not self.reasons

    @property
    def source(self):
        """Which advisory the verdict used, in words; None when it could not judge."""
        if self.rating is None:
            return None
        if self.rating.is_editors:
            return "our editors' advisory"
        return f"the community's advisory ({self.rating.contributors} members)"

    def __str__(self):
        name = f"{self.child.nickname} ({self.child.age})"
        if not self.judged:
            return f"We cannot judge for {name} yet: there is no published advisory"
        if self.is_fine:
            return f"Fine for {name}"
        return f"Check for {name}: " + "; ".join(self.reasons)


def rating_for(child, film):
    """The film's effective rating as `child`'s verdicts may use it, or None. Reads
    `film.rating`: select_related("rating") to judge many films without more queries."""
    try:
        rating = film.rating
    except FilmRating.DoesNotExist:
        return None
    if rating is None or (not rating.is_editors and not child.uses_community):
        return None
    return rating


def verdict(child, film):
    """The verdict on `film` for `child`, from its effective rating (editors' or, if the
    parent allows it, the community's); the verdict says which it used."""
    rating = rating_for(child, film)
    if rating is None:
        return Verdict(child, judged=False)
    reasons = []
    for rule in rules_for(child):
        score = rating.score(rule.category)
        if score is None:
            reasons.append(f"there is no score for {rule.category.label.lower()}")
        elif not rule.keeps(score):
            reasons.append(rule.reason(score, child.nickname))
    if rating.age > child.age:
        who = "the editors say" if rating.is_editors else "the community says"
        reasons.append(f"{who} age {rating.age}+")
    return Verdict(child, judged=True, reasons=reasons, rating=rating)


def verdicts(children, film):
    return [verdict(child, film) for child in children]


def fine_for(child):
    """A filter on Film keeping exactly the films whose verdict for `child` is fine: on
    the film's effective rating, whose age and category columns are indexed."""
    condition = Q(rating__age__lte=child.age)
    if not child.uses_community:
        condition &= Q(rating__source=FilmRating.Source.EDITORS)
    for rule in rules_for(child):
        condition &= Q(**{f"rating__{rule.category.value}__{rule.lookup}": rule.bound})
    return condition
