# Issue 21: the log inherits core.workflow.TransitionLog (verbose names and the default clock only; no column change).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0007_remove_candidateprofile_followed_by'),
    ]

    operations = [
        migrations.AlterField(
            model_name='applicationtransition',
            name='comment',
            field=models.TextField(blank=True, verbose_name='commentaire'),
        ),
        migrations.AlterField(
            model_name='applicationtransition',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
