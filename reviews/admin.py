from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from reviews.models import MODERATION_ORDER, Flag, Review, User


@admin.register(User)
class ReviewerUserAdmin(UserAdmin):
    list_display = ["username", "email", "is_staff", "date_joined"]
    fieldsets = UserAdmin.fieldsets + (("Birth (month and year)", {"fields": ["birth_month", "birth_year"]}),)


class ReviewAdminForm(forms.ModelForm):
    flags = forms.MultipleChoiceField(
        choices=Flag.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Review
        fields = ["status", "stars", "age_recommendation", "title", "body", "flags"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The moderation queue: pending reviews first."""

    form = ReviewAdminForm
    list_display = [
        "title",
        "film",
        "author",
        "author_role",
        "stars",
        "age_recommendation",
        "status",
        "created_at",
    ]
    list_filter = ["status", "author_role"]
    search_fields = ["title", "body", "author__username", "film__title"]
    list_select_related = ["film", "author"]
    readonly_fields = ["film", "author", "author_role", "author_age", "created_at", "updated_at"]
    actions = ["publish_selected", "reject_selected"]

    def get_ordering(self, request):
        return MODERATION_ORDER

    def has_add_permission(self, request):
        return False

    @admin.action(description="Publish the selected reviews", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.PUBLISHED)

    @admin.action(description="Reject the selected reviews", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._set_status(request, queryset, Review.Status.REJECTED)

    def _set_status(self, request, queryset, status):
        reviews = list(queryset)
        for review in reviews:
            review.status = status
            review.save(update_fields=["status", "updated_at"])
        label = Review.Status(status).label.lower()
        self.message_user(request, f"{len(reviews)} review(s): {label}.", messages.SUCCESS)
