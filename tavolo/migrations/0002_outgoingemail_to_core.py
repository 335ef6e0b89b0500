"""The outbox moved to the `core` app: its table is renamed and the model leaves this app's state.

The table keeps its rows (a rename, not a copy); core.0001_initial takes the model into its own state.
The content type is renamed too, so permissions and audit entries that point at it stay attached.
"""

from django.db import migrations


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="tavolo", model="outgoingemail").update(app_label="core")


def content_type_to_tavolo(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tavolo", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="core", model="outgoingemail").update(app_label="tavolo")


class Migration(migrations.Migration):

    dependencies = [
        ("tavolo", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="outgoingemail", table="core_outgoingemail"),
        migrations.RunPython(content_type_to_core, content_type_to_tavolo),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
            database_operations=[],
        ),
    ]
