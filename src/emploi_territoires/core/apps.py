from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "emploi_territoires.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from . import checks  # noqa: F401 (registers the deployment checks)
        from .outage import note_database_error

        got_request_exception.connect(note_database_error, dispatch_uid="core.outage")
