from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from joinedup.directory.models import Organisation


def organisation_list(request):
    organisations = Organisation.objects.select_related("locality").annotate(
        members=Count("memberships", filter=Q(memberships__active=True))
    )
    kind = request.GET.get("kind")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    context = {"organisations": organisations, "kinds": Organisation.Kind.choices, "kind": kind}
    return render(request, "directory/organisation_list.html", context)


def organisation_detail(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    memberships = organisation.memberships.filter(active=True).select_related("user")
    services = organisation.services.select_related("locality")
    context = {"organisation": organisation, "memberships": memberships, "services": services}
    return render(request, "directory/organisation_detail.html", context)
