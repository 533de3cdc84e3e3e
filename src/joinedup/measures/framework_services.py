"""Changing outcome frameworks: one function per use case.

Who may: a commissioner of the framework's commissioning organisation, or an administrator
(`can_edit`). What may change: only a draft. A published version never changes; editing a
published framework starts a new draft copied from it (`new_draft`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.measures.framework_models import (
    CoproductionRecord,
    Domain,
    FrameworkVersion,
    Indicator,
    Outcome,
    OutcomeFramework,
    PublishedVersionError,
    ServiceQuality,
)


def may_build(membership) -> bool:
    """Commissioners and administrators build frameworks."""
    return membership is not None and (
        membership.role == Role.COMMISSIONER or membership.rules.administers
    )


def can_edit(membership, framework: OutcomeFramework) -> bool:
    if membership is None:
        return False
    if membership.rules.administers:
        return True
    return (
        membership.role == Role.COMMISSIONER
        and membership.organisation_id == framework.commissioner_id
    )


def _require(membership, framework):
    if not can_edit(membership, framework):
        raise PermissionDenied("Only the framework's commissioners may change it.")


def _draft(membership, version: FrameworkVersion) -> FrameworkVersion:
    _require(membership, version.framework)
    if FrameworkVersion.objects.filter(pk=version.pk, status=version.Status.PUBLISHED).exists():
        raise PublishedVersionError(version.number)
    return version


@transaction.atomic
def start_framework(membership, *, name: str, commissioner=None, **version_fields):
    """A new framework and its first draft version."""
    if not may_build(membership):
        raise PermissionDenied("Only commissioners build outcome frameworks.")
    if not membership.rules.administers or commissioner is None:
        commissioner = membership.organisation
    framework = OutcomeFramework.objects.create(
        name=name, commissioner=commissioner, created_by=membership.user
    )
    return FrameworkVersion.objects.create(
        framework=framework, number=1, created_by=membership.user, **version_fields
    )


def update_version(membership, version, **fields) -> FrameworkVersion:
    _draft(membership, version)
    for name, value in fields.items():
        setattr(version, name, value)
    version.save()
    return version


def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def add_domain(membership, version, *, name: str, description: str = "") -> Domain:
    _draft(membership, version)
    return Domain.objects.create(
        version=version,
        name=name,
        description=description,
        position=_next_position(version.domains),
    )


def add_outcome(membership, domain: Domain, *, statement: str) -> Outcome:
    _draft(membership, domain.version)
    return Outcome.objects.create(
        domain=domain, statement=statement, position=_next_position(domain.outcomes)
    )


def add_indicator(membership, outcome: Outcome, **fields) -> Indicator:
    _draft(membership, outcome.domain.version)
    return Indicator.objects.create(
        outcome=outcome, position=_next_position(outcome.indicators), **fields
    )


def add_quality(membership, version, *, statement: str, description: str = "") -> ServiceQuality:
    _draft(membership, version)
    return ServiceQuality.objects.create(
        version=version,
        statement=statement,
        description=description,
        position=_next_position(version.service_qualities),
    )


def save_coproduction(membership, version, **fields) -> CoproductionRecord:
    _draft(membership, version)
    record = CoproductionRecord.objects.filter(version=version).first()
    if record is None:
        return CoproductionRecord.objects.create(version=version, **fields)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def remove(membership, part) -> None:
    """Take a domain, outcome, indicator or service quality out of a draft."""
    version_id = part.version_id_of()
    _draft(membership, FrameworkVersion.objects.select_related("framework").get(pk=version_id))
    part.delete()


def problems(version) -> list[str]:
    """What stops a draft being published, in plain words."""
    found = []
    domains = list(version.domains.prefetch_related("outcomes__indicators"))
    if not domains:
        found.append("Add at least one domain")
    for domain in domains:
        outcomes = list(domain.outcomes.all())
        if not outcomes:
            found.append(f"Add an outcome to the domain “{domain.name}”")
        for outcome in outcomes:
            if not outcome.indicators.all():
                found.append(f"Add an indicator to the outcome “{outcome.statement}”")
    if not CoproductionRecord.objects.filter(version=version).exists():
        found.append("Record how the framework was co-produced")
    return found


@transaction.atomic
def publish(membership, version) -> FrameworkVersion:
    _draft(membership, version)
    found = problems(version)
    if found:
        raise ValidationError({"__all__": found})
    version.status = version.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = membership.user
    version.save()
    return version


@transaction.atomic
def new_draft(membership, version) -> FrameworkVersion:
    """A new draft copied from `version` (or the framework's open draft, if it has one)."""
    framework = version.framework
    _require(membership, framework)
    open_draft = framework.versions.filter(status=FrameworkVersion.Status.DRAFT).first()
    if open_draft:
        return open_draft
    number = framework.versions.aggregate(m=Max("number"))["m"] + 1
    copy = FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        based_on=version,
        purpose=version.purpose,
        population=version.population,
        cohort=version.cohort,
        cohort_locality=version.cohort_locality,
        cohort_organisation=version.cohort_organisation,
        created_by=membership.user,
    )
    for domain in version.domains.prefetch_related("outcomes__indicators"):
        new_domain = Domain.objects.create(
            version=copy,
            name=domain.name,
            description=domain.description,
            position=domain.position,
        )
        for outcome in domain.outcomes.all():
            new_outcome = Outcome.objects.create(
                domain=new_domain, statement=outcome.statement, position=outcome.position
            )
            Indicator.objects.bulk_create(
                Indicator(
                    outcome=new_outcome,
                    name=i.name,
                    kind=i.kind,
                    params=i.params,
                    direction=i.direction,
                    period_months=i.period_months,
                    position=i.position,
                )
                for i in outcome.indicators.all()
            )
    ServiceQuality.objects.bulk_create(
        ServiceQuality(
            version=copy, statement=q.statement, description=q.description, position=q.position
        )
        for q in version.service_qualities.all()
    )
    record = CoproductionRecord.objects.filter(version=version).first()
    if record:
        CoproductionRecord.objects.create(
            version=copy,
            level=record.level,
            methods=record.methods,
            participants=record.participants,
            started_on=record.started_on,
            ended_on=record.ended_on,
            what_changed=record.what_changed,
        )
    return copy
