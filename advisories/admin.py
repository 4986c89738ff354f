from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect

from advisories.models import Advisory, Alternative, Category, ContentRating, DiscussionPrompt

# Ratings in the order the public page shows them, not alphabetically.
CATEGORY_ORDER = Case(
    *[When(category=key, then=Value(i)) for i, key in enumerate(Category.values)],
    output_field=IntegerField(),
)


def _named(field, db_field):
    """A tabular inline shows column headings, not labels: name its control for screen readers."""
    if field is not None:
        field.widget.attrs.setdefault("aria-label", db_field.verbose_name.capitalize())
    return field


class RatingFormSet(forms.BaseInlineFormSet):
    """Offers one row per category not yet rated, so the seven are ready to fill."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rated = {form.instance.category for form in self.initial_forms}
        missing = [c for c in Category.values if c not in rated]
        for form, category in zip(self.extra_forms, missing, strict=False):
            form.initial.setdefault("category", category)

    def clean(self):
        """With "Save and publish", mark each category still without a score or a note."""
        super().clean()
        if PUBLISH not in self.data:
            return
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            category = data.get("category") or form.initial.get("category") or form.instance.category
            if not category or category not in Category.values:
                continue
            label = Category(category).label
            if data.get("score") is None and "score" not in form.errors:
                form.add_error("score", f"Publishing needs a score for {label}.")
            if not (data.get("note") or "").strip() and "note" not in form.errors:
                form.add_error("note", f"Publishing needs a note for {label}.")


class ContentRatingInline(admin.TabularInline):
    model = ContentRating
    formset = RatingFormSet
    fields = ["category", "score", "note"]
    min_num = 0
    max_num = len(Category)

    def get_extra(self, request, obj=None, **kwargs):
        rated = obj.ratings.count() if obj else 0
        return len(Category) - rated

    def get_queryset(self, request):
        return super().get_queryset(request).order_by(CATEGORY_ORDER)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return _named(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


class PromptFormSet(forms.BaseInlineFormSet):
    """A new prompt's order is the next number after the prompts already there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = max((form.instance.order for form in self.initial_forms), default=0)
        for offset, form in enumerate(self.extra_forms, start=1):
            form.initial.setdefault("order", last + offset)

    @property
    def empty_form(self):
        # The "Add another" row: after the saved prompts (admin's JavaScript copies it).
        form = super().empty_form
        form.initial.setdefault("order", max((f.instance.order for f in self.initial_forms), default=0) + 1)
        return form


class DiscussionPromptInline(admin.TabularInline):
    model = DiscussionPrompt
    formset = PromptFormSet
    extra = 1
    fields = ["text", "order"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return _named(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


class AlternativeInline(admin.TabularInline):
    model = Alternative
    fk_name = "advisory"
    extra = 1
    autocomplete_fields = ["film"]
    fields = ["film", "reason", "order"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _named(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


PUBLISH = "_publish"
# Fields "Save and publish" needs filled, with the words missing_for_publication() uses.
NEEDED_TO_PUBLISH = ["age", "stars", "one_liner", "parents_need_to_know", "story", "is_it_any_good"]


class AdvisoryForm(forms.ModelForm):
    class Meta:
        model = Advisory
        fields = ["film", *NEEDED_TO_PUBLISH, "author"]

    def clean_film(self):
        """One advisory per film: say so here, not as a database error on save."""
        film = self.cleaned_data.get("film")
        if film is not None and Advisory.objects.filter(film=film).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"“{film}” already has an advisory: open it from the advisories list to change it.",
                code="has_advisory",
            )
        return film

    def clean(self):
        cleaned = super().clean()
        if PUBLISH in self.data:
            for name in NEEDED_TO_PUBLISH:
                value = cleaned.get(name)
                empty = value is None or (isinstance(value, str) and not value.strip())
                if empty and name not in self.errors:
                    label = self.fields[name].label
                    self.add_error(name, f"Publishing needs “{label}”.")
        return cleaned


@admin.register(Advisory)
class AdvisoryAdmin(admin.ModelAdmin):
    form = AdvisoryForm

    class Media:
        js = ["js/admin-names.js"]

    list_display = ["film", "status", "age", "stars", "author", "published_at", "updated_at"]
    list_filter = ["status", "age", "stars"]
    search_fields = ["film__title", "one_liner"]
    list_select_related = ["film", "author"]
    autocomplete_fields = ["film"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [ContentRatingInline, DiscussionPromptInline, AlternativeInline]
    actions = ["publish_selected", "unpublish_selected"]
    change_form_template = "admin/advisories/advisory/change_form.html"
    fieldsets = [
        (None, {"fields": ["film", "status", "age", "one_liner", "stars"]}),
        ("Texts", {"fields": ["parents_need_to_know", "story", "is_it_any_good"]}),
        ("Record", {"fields": ["author", "published_at", "created_at", "updated_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "one_liner":
            kwargs["widget"] = forms.TextInput(attrs={"size": 100, "maxlength": 120})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # An advisory stays with its film; a new one picks among films without one.
        return [*self.readonly_fields, "film"] if obj is not None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "film" in form.base_fields:
            form.base_fields["film"].help_text = (
                "Films that already have an advisory are not offered: find those in the advisories list."
            )
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Editors, never members (whom editors may not see).
            kwargs["queryset"] = db_field.remote_field.model._default_manager.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    def response_change(self, request, obj):
        if PUBLISH in request.POST or "_unpublish" in request.POST:
            self._set_published(request, obj, publish=PUBLISH in request.POST)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if PUBLISH in request.POST:
            self._set_published(request, obj, publish=True)
            return HttpResponseRedirect(
                f"../{obj.pk}/change/" if request.path.endswith("/add/") else request.path
            )
        return super().response_add(request, obj, post_url_continue)

    def _set_published(self, request, advisory, publish):
        try:
            advisory.publish() if publish else advisory.unpublish()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            state = "published" if publish else "back to draft"
            self.message_user(request, f"“{advisory.film}” is {state}.", messages.SUCCESS)

    @admin.action(description="Publish the selected advisories", permissions=["change"])
    def publish_selected(self, request, queryset):
        for advisory in queryset.select_related("film").prefetch_related("ratings"):
            self._set_published(request, advisory, publish=True)

    @admin.action(description="Unpublish the selected advisories", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for advisory in queryset.select_related("film"):
            self._set_published(request, advisory, publish=False)
