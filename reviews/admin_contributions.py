"""The moderators' queue of members' ratings ("Rate what's in it"), registered from
reviews/admin.py: new and hidden ratings first, publish or reject, every decision logged."""

from django import forms
from django.contrib import admin
from django.db.models import ExpressionWrapper, F, FloatField, Func, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.html import format_html

from advisories.admin import AdvisoryAdmin, ContentRatingInline
from advisories.models import Advisory, Category
from reviews import services
from reviews.admin import REASON_HELP, ModerationQueueAdmin, missing_reason
from reviews.models import (
    CommunityAdvisory,
    Contribution,
    ContributionReport,
    EditorRequest,
    ModerationDecision,
    MostWantedFilm,
    note_field,
    score_field,
)


class ContributionReportInline(admin.TabularInline):
    model = ContributionReport
    fields = ["reason", "note", "reporter", "created_at", "is_open"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ContributionDecisionInline(admin.TabularInline):
    model = ModerationDecision
    fk_name = "contribution"
    fields = ["created_at", "status", "moderator", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Moderation log"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContributionAdminForm(forms.ModelForm):
    """The one thing a moderator changes: the status, with the reason for the log."""

    reason = forms.CharField(max_length=200, required=False, help_text=REASON_HELP)

    class Meta:
        model = Contribution
        fields = ["status"]

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data and cleaned.get("status"):
            problem = missing_reason(cleaned["status"], cleaned.get("reason", ""))
            if problem:
                self.add_error("reason", problem)
        return cleaned


@admin.register(Contribution)
class ContributionAdmin(ModerationQueueAdmin):
    list_display = ["__str__", "status", "held_because", "open_reports", "age", "author_role", "created_at"]
    list_filter = ["status", "author_role"]
    search_fields = ["author__username", "film__title"]
    list_select_related = ["film", "author"]
    form = ContributionAdminForm
    fields = ["status", "reason", "film", "author", "author_role", "author_age", "age", "held_because"]
    inlines = [ContributionReportInline, ContributionDecisionInline]

    def get_fields(self, request, obj=None):
        per_category = [name for c in Category for name in (score_field(c), note_field(c))]
        return [*self.fields, *per_category]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.get_fields(request, obj) if name not in {"status", "reason"}]

    def moderate(self, request, contribution, status, reason):
        services.moderate_contribution(
            moderator=request.user, contribution=contribution, status=status, reason=reason
        )


# How Most wanted ranks films: points for each way people show they want an advisory. A
# member asking our editors counts most; a member's published rating shows a parent or a
# teen cared enough to rate it; page views show how many look, with or without an account.
POINTS_PER_REQUEST = 10
POINTS_PER_RATING = 2
VIEWS_PER_POINT = 100
RANKING = (
    f"Ranked by points: {POINTS_PER_REQUEST} for each member who asked our editors, "
    f"{POINTS_PER_RATING} for each member's published rating, and 1 for every {VIEWS_PER_POINT} "
    "views of the film's page (counted without personal data, crawlers left out; the count "
    "reaches the list within a minute). Ties go to the most asked for, then the most rated."
)


@admin.register(MostWantedFilm)
class MostWantedAdmin(admin.ModelAdmin):
    """Films without an editors' advisory that members asked for, rated or looked at, the
    most wanted first (RANKING), each with a link to write its advisory."""

    list_display = ["title", "year", "requests", "ratings", "views", "points", "write_advisory"]
    search_fields = ["title"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        requests = EditorRequest.objects.filter(film=OuterRef("pk")).order_by().values("film")
        count = Func(F("pk"), function="COUNT")
        # Not super().get_queryset(): it orders by the counts before they are annotated.
        return (
            self.model._default_manager.filter(advisory_published_at__isnull=True)
            .annotate(
                request_count=Coalesce(Subquery(requests.annotate(n=count).values("n")), 0),
                # The published ratings, as the film's community advisory counts them.
                rating_count=Coalesce(F("community_advisory__contributors"), 0),
                view_count=Coalesce(F("page_views__views"), 0),
            )
            .filter(Q(request_count__gt=0) | Q(rating_count__gt=0) | Q(view_count__gt=0))
            .annotate(
                wanted=ExpressionWrapper(
                    POINTS_PER_REQUEST * F("request_count")
                    + POINTS_PER_RATING * F("rating_count")
                    + Cast("view_count", FloatField()) / VIEWS_PER_POINT,
                    output_field=FloatField(),
                )
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["-wanted", "-request_count", "-rating_count", "title"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "ranking": RANKING})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="asked for by", ordering="request_count")
    def requests(self, film):
        return film.request_count

    @admin.display(description="members' ratings", ordering="rating_count")
    def ratings(self, film):
        return film.rating_count

    @admin.display(description="page views", ordering="view_count")
    def views(self, film):
        return f"{film.view_count:,}"

    @admin.display(description="points", ordering="wanted")
    def points(self, film):
        return f"{film.wanted:,.1f}".removesuffix(".0")

    @admin.display(description="advisory")
    def write_advisory(self, film):
        url = reverse("admin:advisories_advisory_add") + f"?film={film.pk}"
        return format_html('<a href="{}">Write the advisory</a>', url)


# Editors start from the community: the advisory form (advisories.admin, which may not know
# about the community) is re-registered here with the film's community advisory beside it
# and "Start from the community's", which prefills the age and the seven scores.


def _community_for(request):
    film_id = request.GET.get("film", "")
    if not film_id.isdigit():
        return None
    community = CommunityAdvisory.objects.filter(film_id=int(film_id), contributors__gt=0).first()
    return community


class StartFromCommunityInline(ContentRatingInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        community = _community_for(request) if obj is None and request.GET.get("from_community") else None
        if community is None:
            return formset

        class Prefilled(formset):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                for form in self.extra_forms:
                    category = form.initial.get("category")
                    if category and community.median(category) is not None:
                        form.initial.setdefault("score", community.median(category))

        return Prefilled


class AdvisoryWithCommunityAdmin(AdvisoryAdmin):
    inlines = [StartFromCommunityInline, *AdvisoryAdmin.inlines[1:]]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        community = _community_for(request)
        if community is not None and request.GET.get("from_community") and community.age is not None:
            initial["age"] = community.age
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        community = _community_for(request) if object_id is None else None
        if object_id is not None:
            advisory = Advisory.objects.filter(pk=object_id).only("film_id").first()
            film_id = advisory.film_id if advisory else None
            community = CommunityAdvisory.objects.filter(film_id=film_id, contributors__gt=0).first()
        extra = {
            "community_advisory": community,
            "community_rows": [(c, community.median(c), community.spread(c)) for c in Category]
            if community
            else [],
            "start_from_community_url": (
                f"?film={community.film_id}&from_community=1"
                if community is not None and object_id is None
                else ""
            ),
        }
        return super().changeform_view(request, object_id, form_url, {**(extra_context or {}), **extra})


admin.site.unregister(Advisory)
admin.site.register(Advisory, AdvisoryWithCommunityAdmin)
