from django.apps import AppConfig


class JobdatingConfig(AppConfig):
    name = "emploi_territoires.jobdating"
    verbose_name = "Job datings"

    def ready(self) -> None:
        # applications sits below jobdating and never imports it: account deletion reaches the person's
        # registrations, interviews and ratings through this registration (services_gdpr.py).
        from emploi_territoires.applications import gdpr as applications_gdpr

        from . import services_gdpr

        applications_gdpr.register_person_data(
            "jobdating", export=None, forget=lambda user, now: services_gdpr.forget_person(user)
        )
