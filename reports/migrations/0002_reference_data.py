"""Target groups and funding sources: the municipality's starting lists, edited by staff afterwards."""

from django.db import migrations
from django.utils.text import slugify

TARGET_GROUPS = [
    "Anziani",
    "Minori",
    "Famiglie",
    "Persone con disabilità",
    "Migranti",
    "Persone senza dimora",
    "Giovani",
    "Donne vittime di violenza",
    "Persone disoccupate",
    "Cittadinanza",
]

FUNDING_SOURCES = [
    "Contributo regionale",
    "Contributo comunale",
    "Fondazioni bancarie",
    "Fondi propri",
    "Fondi europei",
    "Donazioni e raccolte fondi",
    "5 per mille",
]


def forwards(apps, schema_editor):
    for model_name, names in (("TargetGroup", TARGET_GROUPS), ("FundingSource", FUNDING_SOURCES)):
        model = apps.get_model("reports", model_name)
        for position, name in enumerate(names):
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
