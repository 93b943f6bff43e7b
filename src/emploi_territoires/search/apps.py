from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "emploi_territoires.search"
    verbose_name = "Recherche d'offres"
