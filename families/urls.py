from django.urls import path

from families import lists, views

app_name = "families"

urlpatterns = [
    path("family/", views.family, name="family"),
    path("family/settings/", views.family_settings, name="settings"),
    path("family/<int:pk>/", views.edit_child, name="edit"),
    path("family/<int:pk>/remove/", views.remove_child, name="remove"),
    path("family/<int:pk>/media-server/", lists.media_server, name="media_server"),
    path("family/lists/<str:token>/<str:form>", lists.media_list, name="media_list"),
    path("compare/", views.compare, name="compare"),
    path("compare/add/<slug:slug>/", views.add_to_compare, name="add_to_compare"),
    path("compare/remove/<slug:slug>/", views.remove_from_compare, name="remove_from_compare"),
]
