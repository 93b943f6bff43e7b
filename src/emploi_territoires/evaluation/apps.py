from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "emploi_territoires.evaluation"
    verbose_name = "Évaluation"
