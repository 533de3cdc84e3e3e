"""Logging barriers and turning them into system issues."""

from django.db import transaction

from joinedup.assessment.models import Barrier, IssueAction, SystemIssue


def log_barrier(user, organisation, *, person=None, plan_step=None, **fields) -> Barrier:
    """Record a barrier met in casework. `person` must come from the access layer."""
    return Barrier.objects.create(
        raised_by=user,
        raised_by_organisation=organisation,
        person=person,
        plan_step=plan_step,
        **fields,
    )


@transaction.atomic
def group(user, barriers, *, issue: SystemIssue | None = None, title: str = "") -> SystemIssue:
    """Put similar barriers under one system issue, new or existing, that the user owns."""
    if issue is None:
        issue = SystemIssue.objects.create(title=title, owner=user)
    Barrier.objects.filter(pk__in=[b.pk for b in barriers]).update(system_issue=issue)
    return issue


def add_action(issue: SystemIssue, **fields) -> IssueAction:
    if issue.status == SystemIssue.Status.OPEN:
        issue.status = SystemIssue.Status.ACTING
        issue.save(update_fields=["status"])
    return IssueAction.objects.create(issue=issue, **fields)
