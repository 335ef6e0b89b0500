# The outbox came from the `tavolo` app (tavolo.0002 renamed its table): this migration only takes the
# model into core's state, then gives its index the name Django derives for core.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("tavolo", "0002_outgoingemail_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutgoingEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('dedup_key', models.CharField(max_length=200, unique=True, verbose_name='deduplication key')),
                        ('to', models.EmailField(max_length=254, verbose_name='recipient')),
                        ('subject', models.CharField(max_length=250, verbose_name='subject')),
                        ('body_text', models.TextField(verbose_name='text')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML')),
                        ('reply_to', models.EmailField(blank=True, max_length=254, verbose_name='reply to')),
                        ('attachments', models.JSONField(blank=True, default=list, verbose_name='attachments')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('retrying', 'Retrying'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                    ],
                    options={
                        'verbose_name': 'outgoing e-mail',
                        'verbose_name_plural': 'outgoing e-mails',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='tavolo_outg_status_13cfff_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RenameIndex(
            model_name='outgoingemail',
            new_name='core_outgoi_status_74da5f_idx',
            old_name='tavolo_outg_status_13cfff_idx',
        ),
    ]
