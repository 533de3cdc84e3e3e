from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.directory import network, queries
from joinedup.directory import services as directory_services
from joinedup.directory.forms import (
    FindServicesForm,
    LinkForm,
    NetworkFilterForm,
    OrganisationForm,
    ServiceForm,
)
from joinedup.directory.models import Organisation, Service
from joinedup.versioned import EditConflict, show_conflict


def organisation_list(request):
    kind, sector = request.GET.get("kind"), request.GET.get("sector")
    kind = kind if kind in Organisation.Kind.values else None
    sector = sector if sector in Organisation.Sector.values else None
    context = {
        "organisations": queries.organisations(kind=kind, sector=sector),
        "kinds": Organisation.Kind.choices,
        "kind": kind,
        "sectors": Organisation.Sector.choices,
        "sector": sector,
    }
    return render(request, "directory/organisation_list.html", context)


def organisation_detail(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    memberships = organisation.memberships.filter(active=True).select_related("user")
    services = queries.with_need_names(organisation.services.select_related("locality"))
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "services": services,
        "may_edit": directory_services.may_edit(request.membership, organisation),
        "links": queries.ties_of(organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


def organisation_edit(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not directory_services.may_edit(request.membership, organisation):
        raise PermissionDenied("Only the organisation's provider managers describe it.")
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.save_organisation(form)
        except EditConflict:
            show_conflict(form, Organisation.objects.get(pk=organisation.pk))
        else:
            messages.success(request, f"{organisation.name} is saved.")
            return redirect("directory:organisation", organisation.pk)
    return _service_form_page(request, form, f"Describe {organisation.name}", organisation)


def link_new(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not directory_services.may_edit(request.membership, organisation):
        raise PermissionDenied("Only the organisation's provider managers record its ties.")
    form = LinkForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        link = form.save(commit=False)
        link.organisation_a = organisation
        link.save()
        messages.success(request, f"The tie with {link.organisation_b.name} is recorded.")
        return redirect("directory:organisation", organisation.pk)
    return _service_form_page(request, form, "Record a tie with another organisation", organisation)


# -- services ---------------------------------------------------------------------------------


def services_find(request):
    """Find services by need, place and eligibility."""
    form = FindServicesForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = queries.find_services(**form.cleaned_data)
    context = {"form": form, "results": results, "searched": form.is_bound}
    return render(request, "directory/services_find.html", context)


def service_detail(request, service_id):
    service = get_object_or_404(
        Service.objects.select_related("organisation", "locality", "program"), pk=service_id
    )
    context = {
        "service": service,
        "places": service.service_at_locations.select_related("location").prefetch_related(
            "location__addresses", "location__phones"
        ),
        "schedules": service.schedules.all(),
        "terms": service.attributes.select_related("taxonomy_term__taxonomy"),
        "funding": service.funding.all() or service.organisation.funding.all(),
        "cost_options": service.cost_options.all(),
        "may_edit": directory_services.may_edit(request.membership, service.organisation),
    }
    return render(request, "directory/service_detail.html", context)


def service_edit(request, service_id):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
    if not directory_services.may_edit(request.membership, service.organisation):
        raise PermissionDenied("Only the organisation's provider managers edit its services.")
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.save_service(form)
        except EditConflict:
            show_conflict(form, Service.objects.get(pk=service.pk))
        else:
            messages.success(request, f"{service.name} is saved.")
            return redirect("directory:service", service.pk)
    return _service_form_page(request, form, f"Change {service.name}", service.organisation)


def service_new(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not directory_services.may_edit(request.membership, organisation):
        raise PermissionDenied("Only the organisation's provider managers add its services.")
    form = ServiceForm(request.POST or None, initial={"locality": organisation.locality_id})
    if request.method == "POST" and form.is_valid():
        service = directory_services.save_service(form, organisation)
        messages.success(request, f"{service.name} is in the directory.")
        return redirect("directory:service", service.pk)
    return _service_form_page(request, form, "Add a service or community asset", organisation)


def _service_form_page(request, form, title, organisation):
    context = {
        "form": form,
        "title": title,
        "back_url": reverse("directory:organisation", args=[organisation.pk]),
        "back_label": f"Back to {organisation.name}",
        "explain": f"{organisation.name}: what people need to know to find and use it.",
    }
    return render(request, "form_page.html", context)


# -- the ecosystem map and coverage -----------------------------------------------------------


def _period(value):
    try:
        return network.Period.named(value or "12m")
    except ValueError:
        return network.Period.named("12m")


def network_map(request):
    """Which organisations hold the local system together, and which are on its edge."""
    years = range(timezone.localdate().year, timezone.localdate().year - 5, -1)
    form = NetworkFilterForm(request.GET or None, years=years, initial={"period": "12m", "ties": 2})
    filters = form.cleaned_data if form.is_valid() else {}
    view = queries.network_view(
        _period(filters.get("period")),
        sector=filters.get("sector", ""),
        domain=filters.get("need", ""),
        ties=filters.get("ties", 2),
    )
    context = {
        "form": form,
        "view": view,
        "elements": queries.cytoscape_elements(view),
        "sources": network.edge_sources(),
    }
    return render(request, "directory/network.html", context)


def coverage_map(request):
    """Services and community assets by ward and need, the gaps, and how complete the
    directory is against the organisations seen in casework."""
    cov = queries.coverage(_period(request.GET.get("period")))
    need = request.GET.get("need", "")
    need = need if need in {n.code for n in cov.needs} else ""
    context = {"cov": cov, "need": need, "geojson": queries.coverage_geojson(cov, need)}
    return render(request, "directory/coverage.html", context)
