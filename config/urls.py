from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import tokens
from accounts import views as accounts
from films.sitemaps import AdvisorySitemap
from pagecache import CATALOG, public_page
from pages import views as pages

admin.site.site_header = "Reelwise editors"
admin.site.site_title = "Reelwise admin"
admin.site.index_title = "Advisories, films and reviews"

urlpatterns = [
    path("", pages.home, name="home"),
    path("admin/login/", accounts.admin_login),  # rate-limited, then the admin's own
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("reviews.urls")),  # /films/<slug>/review/ and /reviews/<id>/..., before films/
    path("films/", include("pages.urls")),
    path("search/suggestions/", pages.suggestions, name="suggestions"),
    path("", include("families.urls")),  # /family/ and /compare/
    path(
        "sitemap.xml",
        public_page(CATALOG, params=["p"])(sitemap),  # ?p=: the page of the sitemap
        {"sitemaps": {"films": AdvisorySitemap}},
        name="sitemap",
    ),
    path("api/v1/", include("pages.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("account/api-token/", tokens.api_token, name="api-token"),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
