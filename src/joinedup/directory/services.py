"""Operations that change the directory: the two taxonomies every area has, a service's needs,
and saving an edit."""

import uuid

from django.db import transaction

from joinedup.directory.models import Attribute, Organisation, Service, Taxonomy, TaxonomyTerm
from joinedup.versioned import take_version

NEEDS = "joinedup needs"
ASSETS = "Community assets"

#: The needs (domains) people facing multiple disadvantage bring, as a flat taxonomy.
NEED_TERMS = {
    "homelessness": "Homelessness and housing",
    "substance_misuse": "Drug and alcohol use",
    "offending": "Offending and the justice system",
    "mental_health": "Mental ill-health",
    "domestic_abuse": "Domestic abuse",
}
#: Community assets: what a place has beyond commissioned services, funded or not.
ASSET_TERMS = {
    "group": "Community group",
    "volunteers": "Volunteers",
    "place": "Community place",
}


def ensure_taxonomies() -> dict[str, dict[str, TaxonomyTerm]]:
    """Create the needs and community assets taxonomies if missing; idempotent."""
    out = {}
    for name, description, terms in [
        (NEEDS, "The needs of people facing multiple disadvantage.", NEED_TERMS),
        (ASSETS, "Groups, volunteers and places in the community, funded or not.", ASSET_TERMS),
    ]:
        # Ids from the names, so every area publishes the same ids for the same terms.
        taxonomy, _ = Taxonomy.objects.get_or_create(
            name=name,
            defaults={"id": _stable_id(name), "description": description, "version": "1"},
        )
        out[name] = {}
        for code, label in terms.items():
            term, _ = TaxonomyTerm.objects.get_or_create(
                taxonomy=taxonomy,
                code=code,
                defaults={"id": _stable_id(f"{name}/{code}"), "name": label, "description": label},
            )
            out[name][code] = term
    return out


def _stable_id(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://joinedup.example/taxonomy/{name}")


def need_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__name=NEEDS).order_by("name"))


@transaction.atomic
def set_terms(service: Service, taxonomy_name: str, codes: list[str]) -> None:
    """Make the service's terms of one taxonomy exactly `codes`; keeps `domains` in step for
    the needs taxonomy, which the rest of the platform reads."""
    terms = TaxonomyTerm.objects.filter(taxonomy__name=taxonomy_name, code__in=codes)
    Attribute.objects.filter(service=service, taxonomy_term__taxonomy__name=taxonomy_name).exclude(
        taxonomy_term__in=terms
    ).delete()
    have = set(service.attributes.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(service=service, link_entity="service", taxonomy_term=term)
        for term in terms
        if term.pk not in have
    )
    if taxonomy_name == NEEDS:
        service.domains = sorted(t.code for t in terms)
        service.save(update_fields=["domains", "updated_at"])


def sync_domains(service: Service) -> None:
    """After an import: `domains` from the service's needs terms."""
    service.domains = sorted(
        service.attributes.filter(taxonomy_term__taxonomy__name=NEEDS).values_list(
            "taxonomy_term__code", flat=True
        )
    )
    service.save(update_fields=["domains"])


def may_edit(membership, organisation) -> bool:
    """A provider manager edits their own organisation's services; administrators any."""
    if membership is None:
        return False
    if membership.rules.administers:
        return True
    return membership.role == "provider_manager" and membership.organisation_id == organisation.pk


@transaction.atomic
@transaction.atomic
def save_service(form, organisation=None) -> Service:
    """Save a service form and its needs and community asset terms together. A change names
    the version it was opened at: EditConflict, and nothing saved, if someone saved since."""
    if form.instance.pk:
        take_version(form.instance, form.cleaned_data.get("version"))
    ensure_taxonomies()
    service = form.save(commit=False)
    if organisation is not None:
        service.organisation = organisation
    service.save()
    set_terms(service, NEEDS, form.cleaned_data.get("needs") or [])
    asset = form.cleaned_data.get("asset")
    set_terms(service, ASSETS, [asset] if asset else [])
    return service


@transaction.atomic
def save_organisation(form) -> Organisation:
    """Save an organisation's description, from the version it was opened at (EditConflict,
    and nothing saved, if someone saved since)."""
    take_version(form.instance, form.cleaned_data.get("version"))
    return form.save()
