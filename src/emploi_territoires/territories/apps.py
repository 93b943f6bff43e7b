from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "emploi_territoires.territories"
    verbose_name = "Territoires"
