from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "emploi_territoires.mentoring"
    verbose_name = "Mentorat"
