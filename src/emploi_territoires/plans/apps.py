from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "emploi_territoires.plans"
    verbose_name = "Plans d'action territoriaux"
