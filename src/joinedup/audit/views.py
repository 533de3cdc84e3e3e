from django.core.paginator import Paginator
from django.shortcuts import render

from joinedup.accounts.decorators import administrators_only
from joinedup.audit.models import AccessLog


@administrators_only
def access_log(request):
    """Every read of personal data, newest first, for the organisation's administrators."""
    entries = AccessLog.objects.select_related("user", "organisation")
    if request.GET.get("refused"):
        entries = entries.filter(granted=False)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page})
