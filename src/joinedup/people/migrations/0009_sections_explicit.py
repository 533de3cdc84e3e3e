"""Sharing lines name their sections: an empty list used to mean every section.

Lines saved with an empty list before this change were read as 'every section', so that is
what they are written as now; from here on an empty list means 'who they are' only.
"""

from django.db import migrations, models

ALL = ["identity", "team", "story", "assessments", "plan", "notes", "timeline"]


def explicit(apps, schema_editor):
    Consent = apps.get_model("people", "Consent")
    Consent.objects.filter(sections=[]).update(sections=ALL)


class Migration(migrations.Migration):
    dependencies = [("people", "0008_override_basis")]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="sections",
            field=models.JSONField(
                default=list, help_text="Which sections; 'who they are' is always among them."
            ),
        ),
        migrations.RunPython(explicit, migrations.RunPython.noop),
    ]
