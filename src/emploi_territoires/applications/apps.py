from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "emploi_territoires.applications"
    verbose_name = "Candidatures"

    def ready(self) -> None:
        from . import signals

        signals.connect()
