from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "emploi_territoires.offers"
    verbose_name = "Offres d'emploi"
