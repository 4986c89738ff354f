"""Writing, deleting, marking helpful and reporting reviews: thin views over reviews.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import Role
from films.models import Film
from films.pagination import paginate
from films.redirects import to_current_slug
from pagecache import FILM, public_page
from reviews import services
from reviews.forms import ContributionForm, ReportForm, ReviewForm
from reviews.models import Contribution, Report, Review
from reviews.moderation import USUAL_WAIT

REVIEWS_PAGE_SIZE = 20


def _get_film_for_review(slug):
    """A film whose page is public: no advisory yet, or a published one."""
    return get_object_or_404(Film.objects.public().select_related("advisory"), slug=slug)


@public_page(FILM, params=["role", "page"])
def film_reviews(request, slug):
    """Every published review of a film, most helpful first, by parents, teens or both."""
    film = Film.objects.public().filter(slug=slug).first()
    if film is None:
        moved = to_current_slug(request, slug)  # a renamed or merged film's old address
        if moved is None:
            raise Http404("No film has this address.")
        return moved
    published = film.reviews.published()
    counts = published.aggregate(**{role: Count("pk", filter=Q(author_role=role)) for role in Role.values})
    role = request.GET.get("role", "")
    errors = []
    if role and role not in Role.values:
        errors.append("Show reviews by parents or by teens: “role” is parent or teen.")
        role = ""
    reviews = published.filter(author_role=role) if role else published
    ranked = reviews.select_related("author", "contribution").by_helpfulness().with_marks_by(request.user)
    page, page_error = paginate(request, ranked, REVIEWS_PAGE_SIZE)
    if page_error:
        errors.append(page_error)
    context = {
        "film": film,
        "page": page,
        "role": role,
        "tabs": [
            ("", "All", sum(counts.values())),
            (Role.PARENT, "By parents", counts[Role.PARENT]),
            (Role.TEEN, "By teens", counts[Role.TEEN]),
        ],
        "errors": errors,
        "report_reasons": Report.Reason.choices,
        "review_statuses": Review.Status,
        # "Most helpful first": every review says how many found it helpful, none included.
        "show_helpful_zero": True,
    }
    return render(request, "reviews/film_reviews.html", context, status=400 if errors else 200)


def _back_to(request, fallback):
    """Where a form on a page of reviews sends the visitor back to: the page it was on (its
    `next` field), if that is a path on this site; otherwise `fallback`."""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return fallback


def _get_published_review(pk):
    return get_object_or_404(Review.objects.published().select_related("film", "author"), pk=pk)


@login_required
def write_review(request, slug):
    """Write a review of the film, or edit one's own (the page shows the existing one)."""
    film = _get_film_for_review(slug)
    if not services.can_write_reviews(request.user):
        raise PermissionDenied("Reviews are written by parents and teens.")
    existing = Review.objects.filter(film=film, author=request.user).first()
    form = ReviewForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.submit_review(
                author=request.user, film=film, **services.review_arguments(form.cleaned_data)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if review.status == Review.Status.PUBLISHED:
                messages.success(request, "Thank you: your review is published.")
            else:
                messages.info(
                    request,
                    "Thank you: your review will appear once a moderator has read it "
                    f"(why: {review.why_waiting()}). {USUAL_WAIT}",
                )
            return redirect(review.get_absolute_url())
    return render(request, "reviews/write.html", {"film": film, "form": form, "review": existing})


@login_required
def delete_review(request, slug):
    """Ask, then delete one's own review of the film."""
    film = _get_film_for_review(slug)
    review = get_object_or_404(Review, film=film, author=request.user)
    if request.method == "POST":
        services.delete_review(user=request.user, review=review)
        messages.success(request, "Your review is deleted.")
        return redirect(film.get_absolute_url())
    return render(request, "reviews/delete.html", {"film": film, "review": review})


@require_POST
@login_required
def mark_helpful(request, pk):
    review = _get_published_review(pk)
    try:
        services.mark_helpful(user=request.user, review=review)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you: you marked this review helpful.")
    return redirect(_back_to(request, review.get_absolute_url()))


@login_required
def report_review(request, pk):
    """Report a review to the moderators, with a reason (the film page posts here too)."""
    review = _get_published_review(pk)
    if review.author_id == request.user.pk:
        raise PermissionDenied("That is your own review.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_review(user=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            messages.info(request, " ".join(exc.messages))
        else:
            messages.success(request, "Thank you: a moderator will look at this review.")
        return redirect(_back_to(request, review.film.get_absolute_url() + "#community-heading"))
    return render(request, "reviews/report.html", {"review": review, "form": form})


@login_required
def rate(request, slug):
    """ "Rate what's in it": write or change one's rating of the film."""
    film = _get_film_for_review(slug)
    if not services.can_write_reviews(request.user):
        raise PermissionDenied("Films are rated by parents and teens.")
    existing = Contribution.objects.filter(film=film, author=request.user).first()
    form = ContributionForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.submit_contribution(
                author=request.user, film=film, **form.contribution_arguments()
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if contribution.status == Contribution.Status.PUBLISHED:
                messages.success(request, "Thank you: your rating counts now.")
            else:
                messages.info(request, "Thank you: your rating will count once a moderator has read it.")
            return redirect(contribution.get_absolute_url())
    context = {
        "film": film,
        "form": form,
        "contribution": existing,
        "has_review": existing is not None and Review.objects.filter(contribution=existing).exists(),
        "min_contributors": settings.COMMUNITY_ADVISORY_MIN,
    }
    return render(request, "reviews/rate.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def withdraw_rating(request, slug):
    film = _get_film_for_review(slug)
    contribution = get_object_or_404(Contribution, film=film, author=request.user)
    try:
        services.withdraw_contribution(user=request.user, contribution=contribution)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
        return redirect("reviews:rate", slug=film.slug)
    messages.success(request, "Your rating is withdrawn.")
    return redirect(film.get_absolute_url())


@require_POST
def mark_rating_helpful(request, pk):
    """Mark a member's notes on a film helpful, then back to the same place on the page. A
    visitor who is not signed in (a session that ran out) logs in and comes back to the notes."""
    contribution = get_object_or_404(Contribution.objects.published().select_related("film"), pk=pk)
    place = f"{contribution.film.get_absolute_url()}#note-{contribution.pk}"
    if not request.user.is_authenticated:
        return redirect_to_login(place)
    try:
        services.mark_contribution_helpful(user=request.user, contribution=contribution)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you: you marked these notes helpful.")
    return redirect(_back_to(request, place))


@login_required
def report_rating(request, pk):
    """Report a member's published rating (its notes) to the moderators."""
    contribution = get_object_or_404(Contribution.objects.published().select_related("film"), pk=pk)
    if contribution.author_id == request.user.pk:
        raise PermissionDenied("That is your own rating.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_contribution(user=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as exc:
            messages.info(request, " ".join(exc.messages))
        else:
            messages.success(request, "Thank you: a moderator will look at this rating.")
        return redirect(contribution.get_absolute_url())
    return render(request, "reviews/report_rating.html", {"contribution": contribution, "form": form})


@require_POST
@login_required
def ask_editors(request, slug):
    """ "Ask our editors to review this film": once per member and film."""
    film = _get_film_for_review(slug)
    try:
        services.ask_editors(user=request.user, film=film)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you: our editors will see that you asked.")
    return redirect(film.get_absolute_url())
