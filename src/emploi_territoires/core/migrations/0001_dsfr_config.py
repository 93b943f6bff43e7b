"""The French DsfrConfig row: the site title and tagline shown in the DSFR header and footer."""

from django.db import migrations


def create_config(apps, schema_editor):
    DsfrConfig = apps.get_model("dsfr", "DsfrConfig")
    # get_or_create: running it again, or on a base where an admin already edited the row,
    # changes nothing.
    DsfrConfig.objects.get_or_create(
        language="fr",
        defaults={
            "site_title": "Emploi Territoires",
            "site_tagline": "L'emploi au service des territoires",
            "header_brand": "République française",
            "header_brand_html": "République<br>française",
            "footer_brand": "République française",
            "footer_brand_html": "République<br>française",
            "footer_description": (
                "Emploi Territoires aide les collectivités et les employeurs des territoires à recruter, "
                "et les candidats à trouver un emploi près de chez eux."
            ),
            "accessibility_status": "NOT",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("dsfr", "0012_dsfrconfig_notice_description_and_more")]

    operations = [migrations.RunPython(create_config, migrations.RunPython.noop)]
