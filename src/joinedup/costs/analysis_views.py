"""The cohort cost analysis: a commissioner's or analyst's page, its downloads and its PDF.

Aggregates only, for roles that never see named people; the analysis is a GET form, so any
result is a link that can be shared and opened again.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from joinedup import disclosure, exports
from joinedup.accounts.decorators import role_required
from joinedup.costs import analysis as cost_analysis
from joinedup.costs import cohorts, fair, pdf, report
from joinedup.costs.analysis_forms import AnalysisForm, UploadForm
from joinedup.costs.change import ContractError

area_roles_only = role_required(
    lambda r: not r.sees_personal_data, what="see the area's cost analysis"
)
analysts_only = role_required(
    lambda r: not r.sees_personal_data and r.links_records, what="upload a list of people"
)


def _report(request):
    """The form, and the report when the form is complete and valid (else None)."""
    form = AnalysisForm(
        request.GET if "cohort" in request.GET else None,
        organisation_id=request.membership.organisation_id,
    )
    if not form.is_bound or not form.is_valid():
        return form, None
    try:
        result, _ = cost_analysis.from_form(form, request.user, request.membership.organisation_id)
    except ContractError as exc:  # service use of a kind the register does not price
        form.add_error(None, f"The unit cost register cannot price this cohort: {exc.reason}. "
                       "An administrator can add the kind to the register.")  # fmt: skip
        return form, None
    return form, result


def _context(request, form, result):
    return {
        "form": form,
        "report": result,
        "handling_text": report.HANDLING_TEXT,
        "deaths_note": fair.DEATHS_NOTE,
        "query": request.GET.urlencode(),
        "upload_form": UploadForm() if request.membership.rules.links_records else None,
        "pdf_missing": pdf.missing(),
        "threshold": disclosure.THRESHOLD,
    }


@area_roles_only
def analysis(request):
    form, result = _report(request)
    return render(request, "costs/analysis.html", _context(request, form, result))


@area_roles_only
def export(request, table, fmt):
    form, result = _report(request)
    if result is None:
        return HttpResponse("Choose a cohort and its options first.", status=400)
    tables = result.tables()
    if table not in tables:
        raise Http404("No such table in this analysis")
    header, rows = tables[table]
    return exports.table_response(f"cost-analysis-{table}", header, rows, fmt)


@area_roles_only
def report_pdf(request):
    form, result = _report(request)
    if result is None:
        return HttpResponse("Choose a cohort and its options first.", status=400)
    missing = pdf.missing()
    if missing:
        return HttpResponse(missing, status=503, content_type="text/plain; charset=utf-8")
    context = _context(request, form, result) | {"printing": True}
    html = render(request, "costs/analysis_print.html", context).content.decode()
    response = HttpResponse(pdf.render(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cost-analysis.pdf"'
    return response


@analysts_only
@require_http_methods(["POST"])
def upload(request):
    form = UploadForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        try:
            listed = cohorts.upload(
                request.user,
                request.membership.organisation,
                form.cleaned_data["name"],
                form.cleaned_data["file"].read(),
                form.cleaned_data["file"].name,
            )
        except cohorts.UploadError as exc:
            errors = exc.errors
        else:
            return redirect(
                f"{reverse('costs:analysis')}?cohort=list&uploaded={listed.pk}&months=12&handling=exclude"
            )
    context = _context(
        request, AnalysisForm(organisation_id=request.membership.organisation_id), None
    )
    context.update(upload_form=form, upload_errors=errors)
    return render(request, "costs/analysis.html", context, status=400)
