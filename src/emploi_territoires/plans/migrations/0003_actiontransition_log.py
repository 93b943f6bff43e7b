# Issue 21: ActionTransition inherits core.workflow.TransitionLog; its note and time are renamed
# (data kept: RenameField renames the columns) to the shared names.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_action_lead_restrict"),
    ]

    operations = [
        migrations.RenameField(model_name="actiontransition", old_name="note", new_name="comment"),
        migrations.RenameField(model_name="actiontransition", old_name="at", new_name="created_at"),
        migrations.AlterField(
            model_name="actiontransition",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterModelOptions(
            name="actiontransition",
            options={"ordering": ["created_at", "pk"], "verbose_name": "changement d'état d'une action"},
        ),
    ]
