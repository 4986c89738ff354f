from django.urls import path

from families import views

app_name = "families"

urlpatterns = [
    path("family/", views.family, name="family"),
    path("family/settings/", views.family_settings, name="settings"),
    path("family/<int:pk>/", views.edit_child, name="edit"),
    path("family/<int:pk>/remove/", views.remove_child, name="remove"),
    path("compare/", views.compare, name="compare"),
    path("compare/add/<slug:slug>/", views.add_to_compare, name="add_to_compare"),
]
