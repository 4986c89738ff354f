from django.contrib import admin

from films.models import Certificate, Company, Country, Credit, Film, Genre, Language, Person, Trivia


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["role", "person", "character", "note", "billing"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 1


class TriviaInline(admin.TabularInline):
    model = Trivia
    extra = 1
    fields = ["text", "is_spoiler", "order"]


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "runtime", "advisory_status", "imdb_id"]
    list_filter = ["genres", "certificates__system", "certificates__rating", "advisory__status"]
    search_fields = ["title", "imdb_id", "=year"]
    readonly_fields = ["slug", "created_at", "updated_at"]
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
            {"fields": ["released_theatrical", "released_home", "budget", "gross", "imdb_id"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

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
