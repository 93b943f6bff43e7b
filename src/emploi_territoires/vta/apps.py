"""The volontariat territorial en administration (VTA): eligibility, offer conditions, State aid, mission."""

from django.apps import AppConfig


class VtaConfig(AppConfig):
    name = "emploi_territoires.vta"
    verbose_name = "Volontariat territorial en administration"

    def ready(self) -> None:
        from emploi_territoires.offers.publication import register_check

        from .publication_checks import employer_eligibility

        register_check(employer_eligibility)
