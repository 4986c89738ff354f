from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from films.importers import ImportFailed
from films.importers.facts import fields_imports_may_update
from films.importers.wikipedia import MAX_FILE_BYTES, import_films, parse_file
from films.merge import merge_films
from films.models import Certificate, Company, Country, Credit, Film, Genre, Language, Person, Trivia


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["role", "person", "character", "note", "billing"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 1
    fields = ["system", "rating", "reason", "admits"]
    readonly_fields = ["admits"]

    @admin.display(description="admits (films/certificates.py)")
    def admits(self, certificate):
        """What the cross-walk says of the saved label, so an editor sees a typo as an unknown label."""
        if not certificate.pk:
            return "–"
        rating = certificate.crosswalk_entry
        if rating is None:
            return "a label the cross-walk does not know: shown without an age"
        rule = "by law" if rating.legal else "advice"
        return f"{rating.age}+ ({rule}): {rating.meaning}" if rating.age else f"everyone: {rating.meaning}"


class TriviaInline(admin.TabularInline):
    model = Trivia
    extra = 1
    fields = ["text", "is_spoiler", "order"]


class WikipediaImportForm(forms.Form):
    label_suffix = ""

    file = forms.FileField(
        label="Wikipedia page",
        help_text="A MediaWiki API response (JSON) or the article's wikitext, up to "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: show what would change, save nothing", required=False, initial=True
    )
    overwrite = forms.BooleanField(
        label="Also replace values an editor changed by hand",
        required=False,
        help_text="Leave unticked to keep every fact an editor entered or corrected.",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ValidationError({"file": f"{upload.name} is larger than {limit} MB."})
        try:
            cleaned["films"] = parse_file(upload.read(), upload.name)
        except ImportFailed as error:
            raise ValidationError({"file": str(error)}) from error
        return cleaned


class MergeForm(forms.Form):
    label_suffix = ""

    target = forms.ModelChoiceField(
        label="Merge into",
        queryset=Film.objects.all(),
        to_field_name="slug",
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="The slug of the film that stays, such as the-iron-giant-1999. Everything that "
        "points at the selected film (advisory, reviews, credits, certificates, trivia…) moves to "
        "it, and the selected film's address redirects to it.",
        error_messages={"invalid_choice": "No film has that slug."},
    )


class HasAdvisoryFilter(admin.SimpleListFilter):
    title = "whether it has an advisory"
    parameter_name = "has_advisory"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(advisory__isnull=self.value() == "no")
        return queryset


def _picking_a_film_for_a_new_advisory(request):
    """The advisory form's film autocomplete asks for films (admin's AutocompleteJsonView)."""
    return (
        request.GET.get("app_label") == "advisories"
        and request.GET.get("model_name") == "advisory"
        and request.GET.get("field_name") == "film"
    )


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "runtime", "advisory_status", "advisory_link", "imdb_id"]
    list_filter = [
        HasAdvisoryFilter,
        "genres",
        "certificates__system",
        "certificates__rating",
        "advisory__status",
    ]
    search_fields = ["title", "imdb_id", "wikidata_id", "=year"]
    readonly_fields = ["slug", "created_at", "updated_at", "imported"]
    autocomplete_fields = ["genres", "countries", "languages", "studios", "distributors"]
    inlines = [CreditInline, CertificateInline, TriviaInline]
    list_select_related = ["advisory"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "year", "slug", "runtime", "synopsis", "poster"]}),
        ("Classification", {"fields": ["genres", "countries", "languages"]}),
        ("Companies", {"fields": ["studios", "distributors"]}),
        (
            "Release and money",
            {"fields": ["released_theatrical", "released_home", "budget", "gross"]},
        ),
        ("Identities", {"fields": ["imdb_id", "wikidata_id", "tmdb_id"]}),
        ("Record", {"fields": ["created_at", "updated_at", "imported"], "classes": ["collapse"]}),
    ]

    change_list_template = "admin/films/film/change_list.html"
    actions = ["merge_into_another_film"]

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_wikipedia_view)
        return [
            path("import-wikipedia/", import_view, name="films_film_import_wikipedia"),
            *super().get_urls(),
        ]

    def import_wikipedia_view(self, request):
        """Editors upload a Wikipedia page (API response or wikitext) and see what it changed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        reports, failure, changed_nothing = None, None, True
        posted = request.method == "POST"
        form = WikipediaImportForm(request.POST, request.FILES) if posted else WikipediaImportForm()
        if posted and form.is_valid():
            options = {"overwrite": form.cleaned_data["overwrite"], "dry_run": form.cleaned_data["dry_run"]}
            try:
                reports = import_films(form.cleaned_data["films"], form.cleaned_data["file"].name, **options)
            except ImportFailed as error:
                failure, changed_nothing = str(error), error.changed_nothing
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import from Wikipedia",
            "form": form,
            "reports": reports,
            "failure": failure,
            "changed_nothing": changed_nothing,
            "dry_run": form.is_bound and form.is_valid() and form.cleaned_data["dry_run"],
        }
        return TemplateResponse(request, "admin/films/film/import_wikipedia.html", context)

    @admin.action(description="Merge into another film…", permissions=["change", "delete"])
    def merge_into_another_film(self, request, queryset):
        """An intermediate page asks for the film that stays; each selected film is merged into it."""
        form = MergeForm(request.POST if "merge" in request.POST else None)
        if form.is_valid():
            target = form.cleaned_data["target"]
            for source in queryset.exclude(pk=target.pk):
                try:
                    report = merge_films(source=source, target=target)
                except ValidationError as error:
                    self.message_user(request, f"{source}: {' '.join(error.messages)}", messages.ERROR)
                    continue
                self.message_user(request, " ".join(report.lines()), messages.SUCCESS)
            return None
        films = list(queryset)
        likely = Film.objects.filter(
            match_key__in={film.match_key for film in films}, year__in={film.year for film in films}
        ).exclude(pk__in=[film.pk for film in films])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge into another film",
            "films": films,
            "likely": likely,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/films/film/merge.html", context)

    @admin.display(description="imports may update")
    def imported(self, film):
        """Which facts an import wrote and nobody has changed since; imports leave the rest alone."""
        if not film.pk:
            return "–"
        return ", ".join(fields_imports_may_update(film)) or "nothing: every fact was entered by hand"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _picking_a_film_for_a_new_advisory(request):
            # One advisory per film: the picker offers only films without one.
            queryset = queryset.filter(advisory__isnull=True)
        return queryset, may_have_duplicates

    @admin.display(description="write or edit")
    def advisory_link(self, film):
        """The advisory's change form, or the add form with this film already picked."""
        advisory = getattr(film, "advisory", None)
        if advisory is not None:
            url = reverse("admin:advisories_advisory_change", args=[advisory.pk])
            return format_html('<a href="{}">Edit the advisory</a>', url)
        url = reverse("admin:advisories_advisory_add")
        return format_html('<a href="{}?film={}">Write the advisory</a>', url, film.pk)

    @admin.display(description="advisory", ordering="advisory__status")
    def advisory_status(self, film):
        advisory = getattr(film, "advisory", None)
        return advisory.get_status_display() if advisory else "–"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "wikipedia_title"]
    search_fields = ["name", "wikipedia_title"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country, Language, Company)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ["name"]
