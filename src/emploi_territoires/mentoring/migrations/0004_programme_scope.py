# The programme's territory fields come from territories.scope.TerritoryScoped (one kind list for
# every app): `scope` becomes `scope_kind` and `territorial_programme` becomes `programme`, renamed
# so every row keeps its values (the kinds' values are unchanged; programme codes fit in 3
# characters); the other changes are labels.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0003_programme_priority_situations"),
        ("territories", "0008_commune_density_level"),
    ]

    operations = [
        migrations.RenameField(model_name="programme", old_name="scope", new_name="scope_kind"),
        migrations.RenameField(model_name="programme", old_name="territorial_programme", new_name="programme"),
        migrations.AlterField(
            model_name="programme",
            name="scope_kind",
            field=models.CharField(
                choices=[
                    ("national", "France entière"),
                    ("departement", "Département"),
                    ("epci", "Intercommunalité"),
                    ("commune", "Commune"),
                    ("programme", "Communes d'un programme"),
                ],
                default="national",
                max_length=12,
                verbose_name="périmètre",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="programme",
            field=models.CharField(
                blank=True,
                choices=[
                    ("acv", "Action cœur de ville"),
                    ("pvd", "Petites villes de demain"),
                    ("ti", "Territoires d'industrie"),
                    ("qpv", "Quartiers prioritaires de la politique de la ville"),
                    ("fs", "France services"),
                ],
                max_length=3,
                verbose_name="programme",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territories.commune",
                verbose_name="commune",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
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
            model_name="programme",
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
    ]
