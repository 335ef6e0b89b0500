import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def fill_hashes(apps, schema_editor):
    # Existing keys were stored cut at 200 characters: their hash is the hash of what was stored.
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    for message in OutgoingEmail.objects.only("pk", "dedup_key").iterator():
        OutgoingEmail.objects.filter(pk=message.pk).update(
            dedup_hash=hashlib.sha256(message.dedup_key.encode()).hexdigest()
        )


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="dedup_hash",
            field=models.CharField(max_length=64, null=True, verbose_name="deduplication hash"),
        ),
        migrations.RunPython(fill_hashes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outgoingemail",
            name="dedup_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="deduplication hash"),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="dedup_key",
            field=models.TextField(verbose_name="deduplication key"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="claim_token",
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name="claimed by"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="claimed_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="claimed until"),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("retrying", "Retrying"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="DeliveryAttempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="started at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                (
                    "result",
                    models.CharField(
                        choices=[
                            ("sending", "In progress"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                            ("interrupted", "Interrupted"),
                        ],
                        default="sending",
                        max_length=12,
                        verbose_name="result",
                    ),
                ),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("claim_token", models.UUIDField(editable=False, verbose_name="deliverer")),
                (
                    "email",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="delivery_attempts",
                        to="core.outgoingemail",
                        verbose_name="e-mail",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery attempt",
                "verbose_name_plural": "delivery attempts",
                "ordering": ["started_at", "pk"],
            },
        ),
    ]
