from django.apps import AppConfig


class VtaConfig(AppConfig):
    name = "emploi_territoires.vta"
    verbose_name = "Volontariat territorial en administration"
