"""Research outputs link to the policy documents they inform. Depends on the policy app's
``0002`` only (the document table exists since ``0001``), so later policy migrations stay free
to land in any order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0002_default_indicators'),
        ('research', '0002_policy_topics'),
    ]

    operations = [
        migrations.AddField(
            model_name='output',
            name='policy_documents',
            field=models.ManyToManyField(blank=True, related_name='research_outputs', to='policy.policydocument', verbose_name='dokumen kebijakan yang diinformasikan'),
        ),
    ]
