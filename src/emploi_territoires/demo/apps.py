from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "emploi_territoires.demo"
    verbose_name = "Démonstration"
