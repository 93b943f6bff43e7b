from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "emploi_territoires.followup"
    verbose_name = "Accompagnement des personnes"

    def ready(self) -> None:
        # applications sits below followup: it never imports it; followup registers its part of the
        # person's data export and of account deletion instead.
        from emploi_territoires.applications import gdpr as applications_gdpr
        from emploi_territoires.applications import permissions as applications_permissions

        from . import gdpr, permissions

        applications_gdpr.register_person_data("accompagnement", export=gdpr.export_for, forget=gdpr.forget_person)
        # The group reads the person's profile, CV and applications (replaces CandidateProfile.followed_by).
        applications_permissions.register_followed_candidates(permissions.followed_person_ids)
