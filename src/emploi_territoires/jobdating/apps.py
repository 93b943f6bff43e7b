from django.apps import AppConfig


class JobdatingConfig(AppConfig):
    name = "emploi_territoires.jobdating"
    verbose_name = "Job datings"
