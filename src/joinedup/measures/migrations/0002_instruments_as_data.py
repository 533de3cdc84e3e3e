"""Instruments as data: scoring rules, headline scores, both views, imported readings."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    """Readings made before scoring rules: the headline score is the total (the NDT's rule);
    the NDT's direction is named the way the distance work reads it."""
    apps.get_model("measures", "Assessment").objects.filter(score__isnull=True).update(
        score=F("total")
    )
    apps.get_model("measures", "Instrument").objects.filter(higher_is="more chaotic").update(
        higher_is="worse"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_edit_versions'),
        ('measures', '0001_initial'),
        ('people', '0009_sections_explicit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExternalReading',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tool', models.CharField(max_length=100)),
                ('area_code', models.CharField(max_length=50)),
                ('read_on', models.DateField()),
                ('score', models.DecimalField(decimal_places=2, max_digits=9)),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['tool', 'area_code', 'read_on'],
            },
        ),
        migrations.AlterModelOptions(
            name='instrument',
            options={'ordering': ['name', '-version']},
        ),
        migrations.RemoveConstraint(
            model_name='score',
            name='one_score_per_item',
        ),
        migrations.AddField(
            model_name='assessment',
            name='completed_by',
            field=models.CharField(choices=[('person', 'The person'), ('worker', 'The worker'), ('together', 'The person and the worker together')], default='worker', max_length=10),
        ),
        migrations.AddField(
            model_name='assessment',
            name='score',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True),
        ),
        migrations.AddField(
            model_name='assessment',
            name='subscale_scores',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='assessment',
            name='unscored_because',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='instrument',
            name='added_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name='instrument',
            name='added_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='instrument',
            name='definition',
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name='instrument',
            name='reliable_change',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True),
        ),
        migrations.AddField(
            model_name='instrument',
            name='wording',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='score',
            name='view',
            field=models.CharField(choices=[('agreed', "Agreed (or the worker's view)"), ('person', "The person's own view")], default='agreed', max_length=10),
        ),
        migrations.AlterField(
            model_name='instrument',
            name='higher_is',
            field=models.CharField(blank=True, help_text='"better" or "worse".', max_length=50),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('assessment', 'item', 'view'), name='one_score_per_item_view'),
        ),
        migrations.AddField(
            model_name='externalreading',
            name='imported_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='externalreading',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.organisation'),
        ),
        migrations.AddField(
            model_name='externalreading',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='external_readings', to='people.person'),
        ),
        migrations.AddConstraint(
            model_name='externalreading',
            constraint=models.UniqueConstraint(fields=('organisation', 'person', 'tool', 'area_code', 'read_on'), name='one_external_reading'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
