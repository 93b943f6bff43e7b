# The plan's territory fields come from territories.scope.TerritoryScoped (one kind list for every
# app): same columns and values, new labels. No data changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_actiontransition_log"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="scope_kind",
            field=models.CharField(
                choices=[
                    ("commune", "Commune"),
                    ("epci", "Intercommunalité"),
                    ("departement", "Département"),
                    ("programme", "Communes d'un programme"),
                ],
                max_length=12,
                verbose_name="périmètre",
            ),
        ),
    ]
