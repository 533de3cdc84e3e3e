"""The barriers met in a person's casework, in their subject access export and anonymised.

A barrier names the person directly, or through a step of their support plan. Anonymising
keeps the barrier (its category, the organisation responsible, the days lost and its system
issue are what commissioners count) and removes what was written about it.
"""

from django.db.models import Q

from joinedup.assessment.models import Barrier
from joinedup.people.retention import redact, register_anonymiser
from joinedup.people.subject_access import register_exporter


def _theirs(person):
    return Barrier.objects.filter(Q(person=person) | Q(plan_step__plan__person=person))


def _barriers(person):
    return [
        {
            "raised": b.raised_on,
            "by": str(b.raised_by_organisation),
            "responsible": str(b.responsible or ""),
            "rule": b.rule,
            "category": b.get_category_display(),
            "what_happened": b.effect,
            "days_lost": b.delay_days,
            "status": b.get_status_display(),
            "plan_step": b.plan_step.title if b.plan_step else "",
        }
        for b in _theirs(person).select_related(
            "raised_by_organisation", "responsible", "plan_step"
        )
    ]


def _anonymise(person):
    redact(_theirs(person), "rule", "effect")


register_exporter("barriers", "Barriers met", _barriers, models=["assessment.Barrier"])
register_anonymiser("assessment", _anonymise, models=["assessment.Barrier"])
