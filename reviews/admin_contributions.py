"""The moderators' queue of members' ratings ("Rate what's in it"), registered from
reviews/admin.py: new and hidden ratings first, publish or reject, every decision logged."""

from django.contrib import admin, messages
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html

from reviews import services
from reviews.models import (
    MODERATION_ORDER,
    Contribution,
    ContributionReport,
    EditorRequest,
    ModerationDecision,
    MostWantedFilm,
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


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "held_because", "open_reports", "age", "author_role", "created_at"]
    list_filter = ["status", "author_role"]
    search_fields = ["author__username", "film__title"]
    list_select_related = ["film", "author"]
    fields = ["status", "film", "author", "author_role", "author_age", "age", "held_because"]
    readonly_fields = ["film", "author", "author_role", "author_age", "age", "held_because"]
    actions = ["publish_selected", "reject_selected"]
    inlines = [ContributionReportInline, ContributionDecisionInline]

    def get_fields(self, request, obj=None):
        from advisories.models import Category
        from reviews.models import note_field, score_field

        per_category = [name for c in Category for name in (score_field(c), note_field(c))]
        return [*self.fields, *per_category]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.get_fields(request, obj) if name != "status"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_report_count()

    def get_ordering(self, request):
        return MODERATION_ORDER

    def has_add_permission(self, request):
        return False

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, contribution):
        return contribution.open_report_count

    @admin.action(description="Publish the selected ratings", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Contribution.Status.PUBLISHED)

    @admin.action(description="Reject the selected ratings", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._set_status(request, queryset, Contribution.Status.REJECTED)

    def _set_status(self, request, queryset, status):
        chosen = list(queryset)
        for contribution in chosen:
            services.moderate_contribution(moderator=request.user, contribution=contribution, status=status)
        label = Contribution.Status(status).label.lower()
        self.message_user(request, f"{len(chosen)} rating(s): {label}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            services.moderate_contribution(
                moderator=request.user, contribution=obj, status=obj.status, reason="changed in the admin"
            )
        else:
            super().save_model(request, obj, form, change)


@admin.register(MostWantedFilm)
class MostWantedAdmin(admin.ModelAdmin):
    """Films without an editors' advisory, the most asked for and most rated first, each
    with a link to write its advisory."""

    list_display = ["title", "year", "requests", "ratings", "write_advisory"]
    search_fields = ["title"]
    list_per_page = 50

    def get_queryset(self, request):
        requests = EditorRequest.objects.filter(film=OuterRef("pk")).order_by().values("film")
        rated = Contribution.objects.published().filter(film=OuterRef("pk")).order_by().values("film")
        count = Func(F("pk"), function="COUNT")
        # Not super().get_queryset(): it orders by the counts before they are annotated.
        return (
            self.model._default_manager.filter(advisory_published_at__isnull=True)
            .annotate(
                request_count=Coalesce(Subquery(requests.annotate(n=count).values("n")), 0),
                rating_count=Coalesce(Subquery(rated.annotate(n=count).values("n")), 0),
            )
            .filter(Q(request_count__gt=0) | Q(rating_count__gt=0))
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["-request_count", "-rating_count", "title"]

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

    @admin.display(description="advisory")
    def write_advisory(self, film):
        url = reverse("admin:advisories_advisory_add") + f"?film={film.pk}"
        return format_html('<a href="{}">Write the advisory</a>', url)
