"""The Open Referral HSDS 3 API under /api/hsds/ (public, read-only), as the specification's
OpenAPI defines it: the paths, the query parameters and the paging envelope.

Plain views rather than django-ninja: the answers must match HSDS's own schemas to the letter
(blank optional fields left out, nesting as the compiled schemas have it), which `hsds.py`
builds by hand. Bad parameters answer 400 with a message naming the parameter.
"""

import json
import math
import uuid
from datetime import UTC, datetime

from django.db.models import Q
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from joinedup.accounts.decorators import public
from joinedup.directory import hsds
from joinedup.directory.models import (
    Attribute,
    Locality,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
)
from joinedup.limits import MAX_PAGE

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000


class BadParameter(ValueError):
    pass


class NotFound(LookupError):
    pass


def _bool(request, name) -> bool:
    value = request.GET.get(name, "").lower()
    if value in ("", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise BadParameter(f"{name} must be true or false, not {value!r}")


def _int(request, name, default, lowest=1, highest=None) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw!r}") from None
    if value < lowest or (highest and value > highest):
        raise BadParameter(f"{name} must be between {lowest} and {highest or 'any'}")
    return value


def _uuid(request, name):
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a UUID, not {raw!r}") from None


def _datetime(request, name):
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        value = timezone.make_aware(value) if timezone.is_naive(value) else value
        # In UTC: PostgreSQL refuses offsets past 15:59, which ISO 8601 allows.
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise BadParameter(f"{name} must be an ISO 8601 date-time, not {raw!r}") from None


def hsds_endpoint(view):
    """Public, GET only, readable from any origin, and parameter errors as a 400 answer."""

    @public
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = JsonResponse({"detail": str(error)}, status=400)
        except NotFound as error:
            response = JsonResponse({"detail": str(error)}, status=404)
        # Open data: any website may read it from the browser (no cookies are involved).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def paged(request, queryset, to_json):
    """The HSDS paging envelope; `format=ndjson` streams every result, one per line."""
    fmt = request.GET.get("format") or "json"
    if fmt == "ndjson":
        lines = (json.dumps(to_json(item)) + "\n" for item in queryset.iterator(chunk_size=500))
        return StreamingHttpResponse(lines, content_type="application/x-ndjson")
    if fmt != "json":
        raise BadParameter(f"format must be json or ndjson, not {fmt!r}")
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, highest=MAX_PER_PAGE)
    page = _int(request, "page", 1, highest=MAX_PAGE)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    contents = [to_json(item) for item in queryset[(page - 1) * per_page : page * per_page]]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _by_term(request, queryset, entity):
    """taxonomy_term_id / taxonomy_id: rows with an attribute carrying the term (or any term
    of the taxonomy); an organisation also matches through its services' attributes."""
    for name, lookup in [
        ("taxonomy_term_id", "taxonomy_term_id"),
        ("taxonomy_id", "taxonomy_term__taxonomy_id"),
    ]:
        wanted = _uuid(request, name)
        if not wanted:
            continue
        attributes = Attribute.objects.filter(**{lookup: wanted})
        if entity == "service":
            queryset = queryset.filter(pk__in=attributes.values("service"))
        else:
            queryset = queryset.filter(
                Q(pk__in=attributes.values("organisation"))
                | Q(pk__in=attributes.values("service__organisation"))
            )
    return queryset


def _filter_services(request, queryset, *, search=True):
    if search and (search := request.GET.get("search")):
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    queryset = _by_term(request, queryset, "service")
    if organisation_id := _uuid(request, "organization_id"):
        queryset = queryset.filter(organisation__hsds_id=organisation_id)
    if modified_after := _datetime(request, "modified_after"):
        queryset = queryset.filter(updated_at__gte=modified_after)
    return queryset


@hsds_endpoint
def root(request):
    return JsonResponse(
        {
            "version": hsds.VERSION,
            "profile": hsds.PROFILE,
            "openapi_url": hsds.OPENAPI,
            "description": "The local system's services, organisations and community assets.",
        }
    )


@hsds_endpoint
def openapi(request):
    """This API's own OpenAPI: the specification's paths, and the answers each gives here."""
    from joinedup.directory.hsds_openapi import openapi

    return JsonResponse(openapi())


@hsds_endpoint
def services(request):
    minimal, full = _bool(request, "minimal"), _bool(request, "full")
    queryset = _filter_services(
        request, hsds.services_full() if full else hsds.services_list()
    ).order_by("name", "pk")
    if minimal:
        return paged(request, queryset, hsds.service_minimal)
    return paged(request, queryset, hsds.service_full if full else hsds.service_list_item)


def _get(queryset, field, value):
    try:
        return queryset.get(**{field: uuid.UUID(value)})
    except (ValueError, queryset.model.DoesNotExist):
        raise NotFound(f"No {queryset.model._meta.verbose_name} with id {value}") from None


@hsds_endpoint
def service(request, hsds_id):
    return JsonResponse(hsds.service_full(_get(hsds.services_full(), "hsds_id", hsds_id)))


@hsds_endpoint
def organisations(request):
    full, full_service = _bool(request, "full"), _bool(request, "full_service")
    queryset = (
        hsds.organisations_full(full_service=full_service)
        if full or full_service
        else Organisation.objects.all()
    )
    if search := request.GET.get("search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    queryset = _by_term(request, queryset, "organization").order_by("name", "pk")
    if full or full_service:
        return paged(
            request, queryset, lambda o: hsds.organisation_full(o, full_service=full_service)
        )
    return paged(request, queryset, hsds.organisation_basic)


@hsds_endpoint
def organisation(request, hsds_id):
    full_service = _bool(request, "full_service")
    found = _get(hsds.organisations_full(full_service=full_service), "hsds_id", hsds_id)
    return JsonResponse(hsds.organisation_full(found, full_service=full_service))


@hsds_endpoint
def service_at_locations(request):
    full = _bool(request, "full")
    queryset = (
        hsds.service_at_locations_full()
        if full
        else ServiceAtLocation.objects.select_related(
            "service__organisation", "location__organisation"
        )
    )
    if search := request.GET.get("search"):
        queryset = queryset.filter(
            Q(service__name__icontains=search)
            | Q(service__description__icontains=search)
            | Q(location__name__icontains=search)
        )
    # The service filters, but `search` here also looks at the place (above).
    services_in_scope = _filter_services(request, Service.objects.all(), search=False)
    if services_in_scope.query.where:
        queryset = queryset.filter(service__in=services_in_scope)
    if postcode := request.GET.get("postcode"):
        queryset = _near(request, queryset, postcode.upper().split()[0])
    queryset = queryset.order_by("service__name", "pk")
    to_json = hsds.service_at_location_full if full else hsds.service_at_location_list_item
    return paged(request, queryset, to_json)


def _near(request, queryset, outward):
    """`postcode` alone: places in the ward of the postcode's outward code, or whose address
    shares it. With `proximity` (metres): places within that distance of the ward's centre,
    which stands in for the postcode's centroid (we hold no postcode lookup)."""
    proximity = request.GET.get("proximity")
    if not proximity:
        return queryset.filter(
            Q(location__locality__postcode_district=outward)
            | Q(location__addresses__postal_code__istartswith=f"{outward} ")
        ).distinct()
    try:
        metres = float(proximity)
    except ValueError:
        raise BadParameter(f"proximity must be a number of metres, not {proximity!r}") from None
    ward = Locality.objects.filter(postcode_district=outward, boundary__isnull=False).first()
    if ward is None:
        raise BadParameter(f"postcode: no ward with the outward code {outward}")
    ring = ward.boundary["coordinates"][0][:-1]
    centre = (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))
    places = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    near = [
        loc.pk
        for loc in places.only("pk", "latitude", "longitude")
        if _metres(centre, (loc.latitude, loc.longitude)) <= metres
    ]
    return queryset.filter(location__in=near)


def _metres(a, b) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


@hsds_endpoint
def service_at_location(request, hsds_id):
    found = _get(hsds.service_at_locations_full(), "pk", hsds_id)
    return JsonResponse(hsds.service_at_location_full(found))


@hsds_endpoint
def taxonomies(request):
    queryset = Taxonomy.objects.order_by("name", "pk")
    if search := request.GET.get("search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return paged(request, queryset, hsds.taxonomy)


@hsds_endpoint
def taxonomy(request, hsds_id):
    return JsonResponse(hsds.taxonomy(_get(Taxonomy.objects.all(), "pk", hsds_id)))


@hsds_endpoint
def taxonomy_terms(request):
    queryset = hsds.terms().order_by("taxonomy__name", "name", "pk")
    if search := request.GET.get("search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id := _uuid(request, "parent_id"):
        queryset = queryset.filter(parent_id=parent_id)
    if _bool(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    return paged(request, queryset, hsds.taxonomy_term)


@hsds_endpoint
def taxonomy_term(request, hsds_id):
    return JsonResponse(hsds.taxonomy_term(_get(hsds.terms(), "pk", hsds_id)))
