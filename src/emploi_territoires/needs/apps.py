from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "emploi_territoires.needs"
    verbose_name = "Besoins des territoires"
