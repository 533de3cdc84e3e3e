"""The querysets behind the HSDS answers: each prefetches everything its nested objects need,
so a page costs a fixed number of queries whatever its size."""

from django.db.models import Prefetch

from joinedup.directory.models import (
    Attribute,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

ATTRIBUTES = Prefetch(
    "attributes",
    queryset=Attribute.objects.select_related("taxonomy_term__taxonomy", "taxonomy_term__parent"),
)


def location_prefetches(prefix: str = "") -> list:
    return [
        f"{prefix}addresses",
        f"{prefix}phones",
        f"{prefix}schedules",
        f"{prefix}contacts__phones",
        Prefetch(
            f"{prefix}attributes",
            queryset=Attribute.objects.select_related(
                "taxonomy_term__taxonomy", "taxonomy_term__parent"
            ),
        ),
    ]


def services_full():
    """Services with every nested object, for /services/{id} and `full=true`."""
    return Service.objects.select_related("organisation", "program__organisation").prefetch_related(
        "phones",
        "schedules",
        "funding",
        "cost_options",
        "contacts__phones",
        ATTRIBUTES,
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location__organisation"
            ).prefetch_related(
                "phones", "schedules", "contacts__phones", *location_prefetches("location__")
            ),
        ),
    )


def services_list():
    return Service.objects.select_related("organisation", "program__organisation")


def organisations_full(*, full_service: bool):
    services = services_full() if full_service else Service.objects.all()
    return Organisation.objects.prefetch_related(
        "funding",
        "contacts__phones",
        "phones",
        "programs",
        ATTRIBUTES,
        Prefetch("locations", queryset=Location.objects.prefetch_related(*location_prefetches())),
        Prefetch(
            "services", queryset=services.select_related("organisation", "program__organisation")
        ),
    )


def service_at_locations_full():
    return ServiceAtLocation.objects.select_related(
        "service__organisation", "location__organisation"
    ).prefetch_related(
        "phones", "schedules", "contacts__phones", *location_prefetches("location__")
    )


def terms():
    return TaxonomyTerm.objects.select_related("taxonomy", "parent")
