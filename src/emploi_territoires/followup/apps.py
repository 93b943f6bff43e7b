from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "emploi_territoires.followup"
    verbose_name = "Accompagnement des personnes"
