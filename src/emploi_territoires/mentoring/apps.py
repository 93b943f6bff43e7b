from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "emploi_territoires.mentoring"
    verbose_name = "Mentorat"

    def ready(self) -> None:
        # applications sits below mentoring and never imports it: account deletion reaches the person's
        # profiles, pairs and meetings through this registration (services_gdpr.py).
        from django.utils import timezone

        from emploi_territoires.applications import gdpr as applications_gdpr

        from . import services_gdpr

        applications_gdpr.register_person_data(
            "mentoring",
            export=None,
            forget=lambda user, now: services_gdpr.forget_person(user, today=timezone.localdate(now)),
        )
