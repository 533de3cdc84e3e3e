"""The access log for administrators (the information governance lead): search, export and
the patterns worth a second look. Thin: the search and the patterns are in `queries`."""

from django.shortcuts import render

from joinedup.accounts.decorators import administrators_only
from joinedup.audit import queries
from joinedup.audit.forms import SearchForm
from joinedup.exports import table_response

#: The flags shown at the top of the page, newest first: a short list, not a second log.
FLAGS_SHOWN = 10


def _search(request):
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, form.search()


@administrators_only
def access_log(request):
    """Every read of personal data and every refused attempt, refused first, by search."""
    form, search = _search(request)
    context = {"form": form, "search": search}
    if search is not None:
        page = queries.page_of(search, request.GET.get("page"))
        flags = queries.unusual(
            search.since, search.until, user=search.user, organisation=search.organisation
        )
        context |= {
            "page": page,
            "refused": queries.refused_count(search),
            "flags": flags[:FLAGS_SHOWN],
            "flags_total": len(flags),
            "threshold": queries.outside_threshold(),
            "night": (f"{queries.NIGHT_STARTS:02}:00", f"{queries.NIGHT_ENDS:02}:00"),
            "query": search.query(),
            "export_limit": queries.EXPORT_LIMIT,
        }
    return render(request, "audit/access_log.html", context)


@administrators_only
def access_log_export(request):
    """The current search as CSV, at most `queries.EXPORT_LIMIT` rows."""
    form, search = _search(request)
    if search is None:
        return render(request, "audit/access_log.html", {"form": form})
    header, rows, capped = queries.export_rows(search)
    name = f"access-log-first-{queries.EXPORT_LIMIT}-rows" if capped else "access-log"
    return table_response(name, header, rows, "csv")
