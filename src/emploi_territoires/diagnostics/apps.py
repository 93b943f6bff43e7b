from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "emploi_territoires.diagnostics"
    verbose_name = "Diagnostics territoriaux"
