from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("", views.index, name="index"),
    path("recherche", views.search, name="search"),
    path("recherche/suggestions", views.suggestions, name="suggestions"),
    path("recherche/options", views.commune_options, name="commune_options"),
    path("recherche/territoires", views.territory_options, name="territory_options"),
    path("commune/<str:code>", views.commune, name="commune"),
    path("epci/<str:siren>", views.epci, name="epci"),
    path("departement/<str:code>", views.departement, name="departement"),
    path("region/<str:code>", views.region, name="region"),
    path("programme/<str:slug>", views.programme, name="programme"),
    path("programme/<str:slug>/<str:local_id>", views.programme_entity, name="programme_entity"),
]
