"""What parents and teens say about a film: the film page's community section."""

import math
import statistics

from django.conf import settings
from django.db import connection
from django.utils.safestring import mark_safe

from accounts.models import Role
from advisories.models import MAX_AGE, MIN_AGE, Category
from prepared import Prepared
from reviews.models import (
    CommunityAdvisory,
    Contribution,
    ContributionHelpfulMark,
    HelpfulMark,
    Report,
    Review,
    note_field,
    score_field,
)
from reviews.moderation import USUAL_WAIT
from reviews.services import can_write_reviews

AGES = range(MIN_AGE, MAX_AGE + 1)
# The film page shows the most helpful reviews of each role; the rest are a link away
# (reviews.views.film_reviews), so the page stays short and quick however many there are.
FILM_PAGE_REVIEWS = 5
# Where the community's median age is this far from the editors' age, the page says so.
NOTABLE_DIFFERENCE = 2
CHART_BAR_WIDTH = 14
CHART_SLOT = 20
CHART_HEIGHT = 80
SCORE_FIELDS = [score_field(category) for category in Category]
# A review's recommended age and scores are its contribution's: read through the join.
FIGURES = ["author_role", "contribution__age", "stars"]
SCORES = [f"contribution__{field}" for field in SCORE_FIELDS]


def summary_for(film, reviews=None):
    """For parents and for teens, what their published reviews of `film` add up to.

    Returns {"parent": {...}, "teen": {...}}, each with `count` (number of reviews),
    `median_age` (the median recommended age as a whole number, halves rounded up - the
    cautious way - or None without reviews), `mean_stars` (to one decimal, or None) and
    `age_counts` ({age: number of reviews recommending it} for every age from 2 to 18).
    Counted from the published reviews themselves, so it cannot go stale: one query, or
    none when `reviews` (rows of FIGURES then SCORES of its published reviews) is given.
    """
    if reviews is None:
        rows = film.reviews.published().order_by().values_list(*FIGURES)
    else:
        rows = [(r[0], r[1], r[2]) for r in reviews]
    by_role = {role.value: {"ages": [], "stars": []} for role in Role}
    for role, age, stars in rows:
        by_role[role]["ages"].append(age)
        by_role[role]["stars"].append(stars)
    return {role: _summarise(values["ages"], values["stars"]) for role, values in by_role.items()}


def category_means(film, reviews=None):
    """For parents and for teens, the mean of each category score their published reviews
    of `film` give: {"parent": {"violence": {"mean": 2.5, "count": 2}, ...}, "teen": ...}.
    A category nobody scored has mean None and count 0. Counted from the published reviews
    themselves, like summary_for: one query, or none when `reviews` is given.
    """
    if reviews is None:
        rows = film.reviews.published().order_by().values_list("author_role", *SCORES)
    else:
        rows = [(r[0], *r[3:]) for r in reviews]
    # Per role and category, [sum, count]: the scores are whole numbers, so their sum is
    # exact and sum / count is the mean statistics.fmean() would give.
    keys = [category.value for category in Category]
    totals = {role.value: [[0, 0] for _ in keys] for role in Role}
    for role, *values in rows:
        for total, value in zip(totals[role], values, strict=True):
            if value is not None:
                total[0] += value
                total[1] += 1
    return {
        role: {
            key: {"mean": round(total / count, 1) if count else None, "count": count}
            for key, (total, count) in zip(keys, by_category, strict=True)
        }
        for role, by_category in totals.items()
    }


def _category_rows(advisory, means):
    """Per category, the editors' score beside the parents' and teens' means, and whether
    either mean is NOTABLE_DIFFERENCE or more from the editors' score."""
    editors_scores = {r.category: r.score for r in advisory.ratings.all()} if advisory is not None else {}
    rows = []
    for category in Category:
        editors = editors_scores.get(category.value)
        cells = []
        for role in (Role.PARENT, Role.TEEN):
            figure = means[role.value][category.value]
            differs = (
                editors is not None
                and figure["mean"] is not None
                and abs(figure["mean"] - editors) >= NOTABLE_DIFFERENCE
            )
            cells.append({**figure, "role": role.value, "differs": differs})
        rows.append({"category": category, "editors": editors, "cells": cells})
    return rows


def _any_scores(means):
    return any(figure["count"] for by_category in means.values() for figure in by_category.values())


def _summarise(ages, stars):
    counts = dict.fromkeys(AGES, 0)
    for age in ages:
        counts[age] += 1
    return {
        "count": len(ages),
        "median_age": math.floor(statistics.median(ages) + 0.5) if ages else None,
        "mean_stars": round(statistics.fmean(stars), 1) if stars else None,
        "age_counts": counts,
    }


# The film page's reads, their SQL composed once per process (the `prepared` package).
REVIEW_FIGURES = Prepared(
    lambda film: (
        Review.objects.published()
        .filter(film_id=film)
        .with_helpful_count()
        .order_by()
        .values_list(*FIGURES, *SCORES, "helpful_count", "created_at", "pk")
    )
)
# Of the author and the contribution, what a review on the film page shows (the name, the
# recommended age): a third of the columns, and no dates of theirs to convert.
REVIEW_COLUMNS = [field.name for field in Review._meta.concrete_fields]
REVIEWS_SHOWN = Prepared(
    lambda *pks: (
        Review.objects.filter(pk__in=pks)
        .select_related("author", "contribution")
        .only(*REVIEW_COLUMNS, "author__username", "contribution__age")
    )
)


def shared_for_film(film):
    """What the film page's community section shows every visitor alike, in two queries
    whatever the number of reviews (plus one for members' notes): the figures and helpful
    counts of every published review, and the FILM_PAGE_REVIEWS most helpful of each role,
    chosen from those figures. Nothing here depends on who is looking, so the page can
    store it once for everyone (pages.film_page)."""
    rows = REVIEW_FIGURES.rows(film.pk)
    figures = [row[:-3] for row in rows]
    summary = summary_for(film, reviews=figures)
    means = category_means(film, reviews=figures)
    shown = _most_helpful(rows, FILM_PAGE_REVIEWS)
    advisory = getattr(film, "advisory", None)
    editors_age = advisory.age if advisory is not None else None
    return {
        **advisory_for(film),
        "community": [
            _role_section(role, summary[role.value], shown, editors_age) for role in (Role.PARENT, Role.TEEN)
        ],
        # Only when some review scored a category; reads the advisory's ratings (prefetched
        # on the film page).
        "category_scores": _category_rows(advisory, means) if _any_scores(means) else [],
        "review_statuses": Review.Status,
    }


def for_viewer(film, user, shown, notes=()):
    """What is the viewer's own about the film's community section: their review (whatever
    its status) and rating, which of the `shown` reviews they marked helpful or reported
    (objects with `pk` and `author_id`; each gets `marked_helpful` and `reported`), and
    which of the members' `notes` (contribution pks) they marked helpful (`marked_notes`).
    No query for a visitor who is not signed in; one for a member, who mostly has neither
    reviewed nor rated the film, and one more for each of their own review and rating."""
    own_review = own_contribution = None
    marked = reported = marked_notes = frozenset()
    if user.is_authenticated:
        others = [review.pk for review in shown if review.author_id != user.pk]
        mine = _what_the_viewer_did(film, user, others, list(notes))
        marked, reported, marked_notes = mine["helpful"], mine["report"], mine["helpful_note"]
        if mine["review"]:
            own_review = (
                Review.objects.filter(pk__in=mine["review"])
                .select_related("author", "contribution")
                .with_helpful_count()
                .first()
            )
        if mine["contribution"]:
            own_contribution = Contribution.objects.filter(pk__in=mine["contribution"]).first()
    for review in shown:
        review.marked_helpful = review.pk in marked
        review.reported = review.pk in reported
    return {
        "own_review": own_review,
        # A published review of the viewer's shows among the others only if it is one of
        # the most helpful; otherwise the page shows it on its own.
        "own_review_shown": own_review is not None and any(r.pk == own_review.pk for r in shown),
        "own_contribution": own_contribution,
        "marked_notes": marked_notes,
        "can_write_review": can_write_reviews(user),
        "report_reasons": Report.Reason.choices,
        "review_statuses": Review.Status,
        "usual_wait": USUAL_WAIT,
    }


def _what_the_viewer_did(film, user, reviews, notes=()):
    """In one query: the viewer's review and rating of `film`, which of `reviews` (pks)
    they marked helpful or reported, and which of `notes` (contribution pks) they marked
    helpful, as {"review": {pk}, "contribution": {pk}, "helpful": {review pk}, "report":
    {review pk}, "helpful_note": {contribution pk}}.

    Plain SQL, as every signed-in film page asks it: the ORM took ten times longer to
    compose the same UNION than the database took to answer it."""
    quote = connection.ops.quote_name

    def select(kind, model, column, where):
        """One part of the UNION: only our own names and placeholders go into the text."""
        table = quote(model._meta.db_table)
        column = quote(model._meta.get_field(column).column)
        tests = " AND ".join(f"{quote(model._meta.get_field(name).column)} {test}" for name, test in where)
        return f"SELECT '{kind}', {column} FROM {table} WHERE {tests}"  # noqa: S608

    mine = [("film", "= %s"), ("author", "= %s")]
    parts = [select("review", Review, "id", mine), select("contribution", Contribution, "id", mine)]
    params = [film.pk, user.pk, film.pk, user.pk]
    if reviews:
        among = f"IN ({', '.join(['%s'] * len(reviews))})"
        parts.append(select("helpful", HelpfulMark, "review", [("user", "= %s"), ("review", among)]))
        parts.append(select("report", Report, "review", [("reporter", "= %s"), ("review", among)]))
        params += [user.pk, *reviews, user.pk, *reviews]
    if notes:
        among = f"IN ({', '.join(['%s'] * len(notes))})"
        marks = [("user", "= %s"), ("contribution", among)]
        parts.append(select("helpful_note", ContributionHelpfulMark, "contribution", marks))
        params += [user.pk, *notes]
    found = {"review": set(), "contribution": set(), "helpful": set(), "report": set(), "helpful_note": set()}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk in cursor.fetchall():
            found[kind].add(pk)
    return found


def _most_helpful(rows, per_role):
    """The `per_role` most helpful reviews of each role among `rows` (FIGURES, SCORES, then
    helpful count, date and pk), most helpful first, then newest, with their authors
    and ratings: one plain query by primary key."""
    ranked = sorted(rows, key=lambda row: (row[-3], row[-2], row[-1]), reverse=True)
    chosen = {}
    for row in ranked:
        role = chosen.setdefault(row[0], [])
        if len(role) < per_role:
            role.append(row)
    counts = {row[-1]: row[-3] for rows_of_role in chosen.values() for row in rows_of_role}
    found = {review.pk: review for review in REVIEWS_SHOWN.objects(*counts)} if counts else {}
    shown = []
    for rows_of_role in chosen.values():
        for row in rows_of_role:
            review = found[row[-1]]
            review.helpful_count = counts[review.pk]
            shown.append(review)
    return shown


def _role_section(role, summary, shown, editors_age):
    plural = "Parents" if role == Role.PARENT else "Teens"
    difference = None
    if summary["median_age"] is not None and editors_age is not None:
        gap = summary["median_age"] - editors_age
        if abs(gap) >= NOTABLE_DIFFERENCE:
            difference = {"years": abs(gap), "older": gap > 0, "editors_age": editors_age}
    reviews = [r for r in shown if r.author_role == role]
    return {
        "role": role.value,
        "heading": plural,
        **summary,
        "difference": difference,
        "chart": _chart(summary["age_counts"], summary["median_age"]),
        "reviews": reviews,
        "more": summary["count"] - len(reviews),
    }


def _chart(age_counts, median_age=None):
    """A small SVG bar chart, one bar per age, scaled to the largest count: its size, and
    its bars and labels as markup, made here once rather than looked up bar by bar in the
    template (the page's hottest loop). Every value in the markup is a whole number."""
    most = max(age_counts.values()) or 1
    bars = []
    marks = []
    for index, (age, count) in enumerate(age_counts.items()):
        height = round(CHART_HEIGHT * count / most)
        x = index * CHART_SLOT + (CHART_SLOT - CHART_BAR_WIDTH) // 2
        label_x = index * CHART_SLOT + CHART_SLOT // 2
        bars.append({"age": age, "count": count})
        if count:
            median = " age-chart-bar-median" if age == median_age else ""
            marks.append(
                f'<rect x="{x}" y="{16 + CHART_HEIGHT - height}" width="{CHART_BAR_WIDTH}" '
                f'height="{height}" class="age-chart-bar{median}" fill="#0b5cad"/>'
                f'<text x="{label_x}" y="{12 + CHART_HEIGHT - height}" text-anchor="middle" '
                f'font-size="10" class="age-chart-count">{int(count)}</text>'
            )
        marks.append(
            f'<text x="{label_x}" y="{CHART_HEIGHT + 30}" text-anchor="middle" font-size="10" '
            f'class="age-chart-label">{int(age)}</text>'
        )
    return {
        "bars": bars,
        "marks": mark_safe("".join(marks)),  # noqa: S308 (whole numbers and our own words)
        "width": len(bars) * CHART_SLOT,
        "height": CHART_HEIGHT + 32,
        "axis_y": 16 + CHART_HEIGHT,
    }


# The community advisory on the film page.
COMMUNITY_NOTES = 12
SPREAD_BAR_WIDTH = 10
SPREAD_SLOT = 14
SPREAD_HEIGHT = 24


def advisory_for(film):
    """The context of the film page's community advisory: the film's CommunityAdvisory
    (select_related `community_advisory` and `rating`), per category its median and spread
    beside the editors' score, and its published notes, the most helpful first, then the
    newest (one query, only when some member's rating is published). The viewer's own
    rating, and which notes they marked helpful, are for_viewer()'s."""
    try:
        community = film.community_advisory
    except CommunityAdvisory.DoesNotExist:
        community = None
    if community is not None and not community.contributors:
        community = None
    advisory = getattr(film, "advisory", None)
    editors = advisory if advisory is not None and advisory.is_published else None
    editors_scores = {r.category: r.score for r in editors.ratings.all()} if editors else {}
    rows = []
    if community is not None:
        for category in Category:
            median = community.median(category)
            editors_score = editors_scores.get(category.value)
            rows.append(
                {
                    "category": category,
                    "median": median,
                    "count": sum(community.spread(category)),
                    "spread": _spread_chart(community.spread(category)),
                    "editors": editors_score,
                    "differs": median is not None
                    and editors_score is not None
                    and abs(median - editors_score) >= NOTABLE_DIFFERENCE,
                }
            )
    notes = []
    if community is not None:
        for contribution in NOTES.objects(film.pk):
            notes.append(
                {
                    "contribution": contribution,
                    "notes": [(c, contribution.note(c)) for c in Category if contribution.note(c)],
                }
            )
    age_differs = (
        community is not None
        and community.age is not None
        and editors is not None
        and abs(community.age - editors.age) >= NOTABLE_DIFFERENCE
    )
    return {
        "community_advisory": community,
        "community_rows": rows,
        "community_notes": notes,
        "community_age_differs": age_differs,
        "community_min": settings.COMMUNITY_ADVISORY_MIN,
    }


CONTRIBUTION_COLUMNS = [field.name for field in Contribution._meta.concrete_fields]
NOTES = Prepared(
    lambda film: (
        Contribution.objects.published()
        .filter(film_id=film)
        .exclude(**{f"{note_field(c)}": "" for c in Category})
        .select_related("author")
        .only(*CONTRIBUTION_COLUMNS, "author__username")
        .by_helpfulness()[:COMMUNITY_NOTES]
    )
)


def _spread_chart(spread):
    """How many members gave each score, as a small SVG's size and markup (see _chart)."""
    most = max(spread) or 1
    marks = []
    for score, count in enumerate(spread):
        height = round(SPREAD_HEIGHT * int(count) / most)
        x = score * SPREAD_SLOT + (SPREAD_SLOT - SPREAD_BAR_WIDTH) // 2
        label_x = score * SPREAD_SLOT + SPREAD_SLOT // 2
        marks.append(
            f'<rect class="spread-bar" x="{x}" y="{SPREAD_HEIGHT - height}" width="{SPREAD_BAR_WIDTH}" '
            f'height="{height}"></rect><text class="spread-label" x="{label_x}" '
            f'y="{SPREAD_HEIGHT + 10}" text-anchor="middle">{score}</text>'
        )
    return {
        "marks": mark_safe("".join(marks)),  # noqa: S308 (whole numbers only)
        "width": len(spread) * SPREAD_SLOT,
        "height": SPREAD_HEIGHT + 12,
        "text": ", ".join(f"{count} said {score}" for score, count in enumerate(spread)),
    }
