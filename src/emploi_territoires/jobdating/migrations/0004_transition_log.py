# Issue 21: the log inherits core.workflow.TransitionLog (verbose names and the default clock only; no column change).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobdating', '0003_event_priority_situations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eventtransition',
            name='comment',
            field=models.TextField(blank=True, verbose_name='commentaire'),
        ),
    ]
