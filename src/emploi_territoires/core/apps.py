from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "emploi_territoires.core"
    verbose_name = "Socle"
