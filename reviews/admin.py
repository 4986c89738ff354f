from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm

from advisories.models import Category
from reviews import services
from reviews.models import MODERATION_ORDER, ModerationDecision, Report, Review, score_field

# What the member wrote, and who they were when they wrote it: shown, never edited, by
# moderators and superusers alike. A moderator decides; the words stay the member's.
MEMBER_FIELDS = [
    "film",
    "author",
    "author_role",
    "author_age",
    "stars",
    "age_recommendation",
    "title",
    "body",
    "flags",
    *(score_field(category) for category in Category),
]
REASON_HELP = "Why: kept in the moderation log. Needed to reject or hide a review."


def missing_reason(status, reason):
    """The sentence to show when a decision needs a reason and has none, else None."""
    if status != Review.Status.PUBLISHED and not reason.strip():
        return f"Say why the review is {Review.Status(status).label.lower()}: the log keeps the reason."
    return None


class ReviewAdminForm(forms.ModelForm):
    """The one thing a moderator changes: the status, with the reason for the log."""

    reason = forms.CharField(max_length=200, required=False, help_text=REASON_HELP)

    class Meta:
        model = Review
        fields = ["status"]

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data and cleaned.get("status"):
            problem = missing_reason(cleaned["status"], cleaned.get("reason", ""))
            if problem:
                self.add_error("reason", problem)
        return cleaned


class ModerationActionForm(ActionForm):
    reason = forms.CharField(max_length=200, required=False, help_text=REASON_HELP)


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


class ModerationQueueAdmin(admin.ModelAdmin):
    """A moderation queue (reviews, members' ratings): what waits for a moderator first;
    moderators publish or reject, with a reason to reject, and every change of status goes
    through `moderate()`, a service that logs the decision. Nothing else is ever saved."""

    actions = ["publish_selected", "reject_selected"]
    action_form = ModerationActionForm

    def moderate(self, request, obj, status, reason):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_report_count()

    def get_ordering(self, request):
        return MODERATION_ORDER

    def has_add_permission(self, request):
        return False

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, obj):
        return obj.open_report_count

    @admin.action(description="Publish the selected %(verbose_name_plural)s", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.PUBLISHED)

    @admin.action(description="Reject the selected %(verbose_name_plural)s", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.REJECTED)

    def _set_status(self, request, queryset, status):
        reason = (request.POST.get("reason") or "").strip()[:200]
        problem = missing_reason(status, reason)
        if problem:
            self.message_user(request, f"Nothing changed. {problem}", messages.ERROR)
            return
        chosen = list(queryset)
        for obj in chosen:
            self.moderate(request, obj, status, reason)
        label = Review.Status(status).label.lower()
        self.message_user(request, f"{len(chosen)} {self.opts.verbose_name}(s): {label}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """Only a change of status is saved, and only through `moderate()`, which logs it."""
        if "status" in form.changed_data:
            self.moderate(request, obj, obj.status, form.cleaned_data["reason"])


@admin.register(Review)
class ReviewAdmin(ModerationQueueAdmin):
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
    fields = [*MEMBER_FIELDS, "held_because", "created_at", "updated_at", "status", "reason"]
    readonly_fields = [*MEMBER_FIELDS, "held_because", "created_at", "updated_at"]
    inlines = [ReportInline, DecisionInline]

    def moderate(self, request, review, status, reason):
        services.moderate(moderator=request.user, review=review, status=status, reason=reason)


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    """The log of who moved which review to which status, and when. Read-only."""

    list_display = ["created_at", "review_link", "status", "moderator", "reason"]
    list_filter = ["status"]
    list_select_related = ["moderator"]
    search_fields = ["review__title", "moderator__username"]

    @admin.display(description="review")
    def review_link(self, decision):
        # The review's own words while it exists; a deleted review leaves only its number.
        return str(decision.review) if decision.review else f"deleted review (was #{decision.review_number})"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from reviews import admin_contributions  # noqa: E402, F401 (registers the ratings' moderation queue)
