from django import forms
from django.contrib import admin, messages

from reviews import services
from reviews.models import MODERATION_ORDER, Flag, ModerationDecision, Report, Review


class ReviewAdminForm(forms.ModelForm):
    flags = forms.MultipleChoiceField(
        choices=Flag.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Review
        fields = ["status", "stars", "title", "body", "flags"]


class ReportInline(admin.TabularInline):
    """What people reported about the review; closed when a moderator decides."""

    model = Report
    fields = ["reason", "note", "reporter", "created_at", "is_open"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DecisionInline(admin.TabularInline):
    model = ModerationDecision
    fields = ["created_at", "status", "moderator", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Moderation log"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The moderation queue: new reviews and reviews hidden after reports first."""

    form = ReviewAdminForm
    list_display = [
        "title",
        "status",
        "held_because",
        "open_reports",
        "author",
        "author_role",
        "film",
        "created_at",
    ]
    list_filter = ["status", "author_role"]
    search_fields = ["title", "body", "author__username", "film__title"]
    list_select_related = ["film", "author"]
    readonly_fields = [
        "film",
        "author",
        "author_role",
        "author_age",
        "held_because",
        "created_at",
        "updated_at",
    ]
    actions = ["publish_selected", "reject_selected"]
    inlines = [ReportInline, DecisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_report_count()

    def get_ordering(self, request):
        return MODERATION_ORDER

    def has_add_permission(self, request):
        return False

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, review):
        return review.open_report_count

    @admin.action(description="Publish the selected reviews", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.PUBLISHED)

    @admin.action(description="Reject the selected reviews", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.REJECTED)

    def _set_status(self, request, queryset, status):
        reviews = list(queryset)
        for review in reviews:
            services.moderate(moderator=request.user, review=review, status=status)
        label = Review.Status(status).label.lower()
        self.message_user(request, f"{len(reviews)} review(s): {label}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            services.moderate(
                moderator=request.user, review=obj, status=obj.status, reason="changed in the admin"
            )


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    """The log of who moved which review to which status, and when. Read-only."""

    list_display = ["created_at", "review_title", "status", "moderator", "reason"]
    list_filter = ["status"]
    list_select_related = ["moderator"]
    search_fields = ["review_title", "moderator__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from reviews import admin_contributions  # noqa: E402, F401 (registers the ratings' moderation queue)
