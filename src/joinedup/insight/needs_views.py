"""The needs analysis: a commissioner's or analyst's page, a locality's own page, the downloads
of every table and the printable report. Aggregates only, for roles that never see named
people; every figure comes from `needs_report.NeedsAnalysis` (through disclosure control)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from joinedup import disclosure, exports
from joinedup.accounts.decorators import role_required
from joinedup.costs import pdf
from joinedup.directory.models import Locality
from joinedup.insight import charts, figures
from joinedup.insight import domains as rules
from joinedup.insight.needs_report import SPREAD, NeedsAnalysis, national_profile

area_roles_only = role_required(
    lambda r: not r.sees_personal_data, what="see the area's needs analysis"
)

#: The periods a reader may choose, in years; the first is the default (Hard Edges: one year).
YEARS = figures.YEARS


def _years(request) -> int:
    try:
        years = int(request.GET.get("years", YEARS[0]))
    except ValueError:
        years = YEARS[0]
    return years if years in YEARS else YEARS[0]


def _locality(request, locality_id=None):
    locality_id = locality_id or request.GET.get("locality")
    if not locality_id:
        return None
    if not str(locality_id).isdigit():
        raise Http404("No such ward")
    return get_object_or_404(Locality, pk=locality_id)


def _context(request, locality=None) -> dict:
    years = _years(request)
    analysis = NeedsAnalysis.latest(years, locality)
    query = f"years={years}" + (f"&locality={locality.pk}" if locality else "")
    return {
        "analysis": analysis,
        "locality": locality,
        "years": years,
        "year_choices": YEARS,
        "query": query,
        "rules": rules.rules_in_words(),
        "spread_labels": SPREAD,
        "national": national_profile(),
        "upset": charts.upset_chart(analysis.combinations, rules.DOMAINS),
        "trend": charts.spread_by_quarter_chart(analysis.quarters, SPREAD),
        "pdf_missing": pdf.missing(),
        "threshold": disclosure.threshold(),
    }


@area_roles_only
def needs(request):
    return render(request, "insight/needs.html", _context(request))


@area_roles_only
def locality(request, locality_id):
    place = _locality(request, locality_id)
    return render(request, "insight/needs.html", _context(request, place))


@area_roles_only
def export(request, table, fmt):
    analysis = NeedsAnalysis.latest(_years(request), _locality(request))
    tables = analysis.tables()
    if table not in tables:
        raise Http404("No such table for this page")
    header, rows = tables[table]
    place = f"-{analysis.locality.code}" if analysis.locality else ""
    return exports.table_response(f"needs-{table}{place}", header, rows, fmt)


@area_roles_only
def report_pdf(request):
    missing = pdf.missing()
    if missing:
        return HttpResponse(missing, status=503, content_type="text/plain; charset=utf-8")
    context = _context(request, _locality(request)) | {"printing": True}
    html = render(request, "insight/needs_print.html", context).content.decode()
    response = HttpResponse(pdf.render(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="needs-assessment.pdf"'
    return response
