"""An EPCI's population becomes the sum of its communes' (territories.figures): one figure per territory.

The COG package's own EPCI figure came from another census vintage than its communes' (CA de Nevers:
67,408 against 67,283); `load_territories` now stores the sum, and this migration does it once for a
database loaded before.
"""

from django.db import migrations
from django.db.models import Sum


def epci_population_from_communes(apps, schema_editor):
    EPCI = apps.get_model("territories", "EPCI")
    Commune = apps.get_model("territories", "Commune")
    sums = dict(
        Commune.objects.filter(epci__isnull=False).values_list("epci_id").annotate(total=Sum("population")).order_by()
    )
    changed = []
    for epci in EPCI.objects.only("siren", "population"):
        total = sums.get(epci.siren, 0)
        if epci.population != total:
            epci.population = total
            changed.append(epci)
    EPCI.objects.bulk_update(changed, ["population"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("territories", "0004_territory_aggregate")]

    operations = [migrations.RunPython(epci_population_from_communes, migrations.RunPython.noop)]
