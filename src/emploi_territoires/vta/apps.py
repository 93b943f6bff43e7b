"""The volontariat territorial en administration (VTA): eligibility, offer conditions, State aid, mission."""

from django.apps import AppConfig


class VtaConfig(AppConfig):
    name = "emploi_territoires.vta"
    verbose_name = "Volontariat territorial en administration"

    def ready(self) -> None:
        from emploi_territoires.offers.publication import register_check

        from .publication_checks import employer_eligibility

        register_check(employer_eligibility)

        # applications sits below vta: it never imports it; the volunteer's missions are registered in
        # the person's data export and account deletion instead (vta/gdpr.py, vta-aid).
        from emploi_territoires.applications import gdpr as applications_gdpr

        from . import gdpr

        applications_gdpr.register_person_data("vta", export=gdpr.export_for, forget=gdpr.forget_person)
