from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "emploi_territoires.followup"
    verbose_name = "Accompagnement des personnes"

    def ready(self) -> None:
        # applications sits below followup: it never imports it; followup registers its part of the
        # person's data export and of account deletion instead.
        from emploi_territoires.applications import gdpr as applications_gdpr

        from . import gdpr

        applications_gdpr.register_person_data("accompagnement", export=gdpr.export_for, forget=gdpr.forget_person)
