"""Whether a film is fine for a child: one set of rules, read two ways.

`rules_for(child)` lists what a film must keep to; `verdict()` checks one film's published
advisory against those rules in Python (the film page, compare), and `fine_for()` turns the
same rules into a database filter (browse and the API's `suits=`). Both read the same list,
so a film the filter keeps is exactly a film whose verdict is "fine".
"""

from dataclasses import dataclass, field

from django.db.models import Q

from advisories.models import Advisory, Category, ContentRating


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

    @property
    def is_fine(self):
        return self.judged and not self.reasons

    def __str__(self):
        name = f"{self.child.nickname} ({self.child.age})"
        if not self.judged:
            return f"We cannot judge for {name} yet: there is no published advisory"
        if self.is_fine:
            return f"Fine for {name}"
        return f"Check for {name}: " + "; ".join(self.reasons)


def verdict(child, film):
    """The verdict on `film` for `child`; reads the advisory's ratings with `.all()`, so
    prefetch `advisory__ratings` to judge many films or children without more queries."""
    advisory = film.published_advisory
    if advisory is None:
        return Verdict(child, judged=False)
    scores = {rating.category: rating.score for rating in advisory.ratings.all()}
    reasons = []
    for rule in rules_for(child):
        score = scores.get(rule.category.value)
        if score is None:
            reasons.append(f"there is no score for {rule.category.label.lower()}")
        elif not rule.keeps(score):
            reasons.append(rule.reason(score, child.nickname))
    if advisory.age > child.age:
        reasons.append(f"the editors say age {advisory.age}+")
    return Verdict(child, judged=True, reasons=reasons)


def verdicts(children, film):
    return [verdict(child, film) for child in children]


def fine_for(child):
    """A filter on Film keeping exactly the films whose verdict for `child` is fine."""
    condition = Q(advisory__status=Advisory.Status.PUBLISHED, advisory__age__lte=child.age)
    for rule in rules_for(child):
        # Drives the covering index rating_category_score_idx (category, score, advisory).
        rated = ContentRating.objects.filter(
            category=rule.category, **{f"score__{rule.lookup}": rule.bound}
        ).values("advisory_id")
        condition &= Q(advisory__in=rated)
    return condition
