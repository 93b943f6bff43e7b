# The campaign's territory fields come from territories.scope.TerritoryScoped (one kind list for
# every app): same columns and values, new labels. No data changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0002_invitation_answered_by"),
        ("territories", "0008_commune_density_level"),
    ]

    operations = [
        migrations.AlterField(
            model_name="needscampaign",
            name="departement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territories.departement",
                verbose_name="département",
            ),
        ),
        migrations.AlterField(
            model_name="needscampaign",
            name="epci",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territories.epci",
                verbose_name="intercommunalité",
            ),
        ),
        migrations.AlterField(
            model_name="needscampaign",
            name="scope_kind",
            field=models.CharField(
                choices=[
                    ("communes", "Une liste de communes"),
                    ("epci", "Intercommunalité"),
                    ("departement", "Département"),
                    ("programme", "Communes d'un programme"),
                ],
                max_length=12,
                verbose_name="périmètre",
            ),
        ),
    ]
