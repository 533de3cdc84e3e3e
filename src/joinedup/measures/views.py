"""Recording the NDT assessment for a person, with the area's threshold beside every score;
distance travelled for a cohort, and one person's readings over time."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from joinedup import exports
from joinedup.accounts.decorators import role_required
from joinedup.measures import charts, cohorts, instruments, queries
from joinedup.measures.forms import CohortForm
from joinedup.measures.models import Instrument
from joinedup.people import access


def ndt_new(request, person_id):
    person = access.get_person_for(request.user, person_id, "record NDT", section="assessments")
    ndt = Instrument.objects.filter(key="ndt").order_by("-version").first() or instruments.load()[0]
    items = list(ndt.items.all())
    error = None
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST":
        try:
            values = {i.code: int(request.POST.get(i.code, "")) for i in items}
            assessment = instruments.record(
                ndt, person, values, by=request.user, organisation=request.membership.organisation
            )
        except ValueError as exc:
            error = str(exc) if "score" in str(exc) else "Choose a score for every item"
        else:
            messages.success(request, f"NDT recorded: {assessment.total} of {ndt.maximum}.")
            if back:
                return redirect(back)  # to the panel papers or the referral it came from
            return redirect("people:detail", person_id=person.pk)
    history = person.assessments.filter(instrument__key="ndt")[:10]
    context = {
        "person": person,
        "instrument": ndt,
        "items": items,
        "error": error,
        "history": history,
        "threshold": settings.NDT_ELIGIBILITY_THRESHOLD,
        "post": request.POST,
        "back": back,
    }
    return render(request, "measures/ndt_form.html", context)


# Distance travelled ------------------------------------------------------------------------

any_role = role_required(lambda rules: True, what="see distance travelled")


def _cohort_figures(request):
    """The form, and, when it is valid, the cohort and its figures fit to be shown."""
    form = CohortForm(request.GET or None, membership=request.membership)
    if not (request.GET and form.is_valid()):
        return form, None, None
    data = form.cleaned_data
    cohort = cohorts.cohort_for(
        request.user,
        request.membership,
        data["cohort"],
        organisation=data.get("organisation"),
        locality=data.get("locality"),
    )
    found = queries.cohort_distance(data["instrument"], cohort.where)
    return form, cohort, found.shown()


@any_role
def distance_travelled(request):
    form, cohort, shown = _cohort_figures(request)
    context = {"form": form, "cohort": cohort, "shown": shown}
    if shown is not None:
        instrument = form.cleaned_data["instrument"]
        context.update(
            instrument=instrument,
            outcomes_chart=charts.outcomes_chart(shown, instrument),
            interval_chart=charts.interval_chart(shown, instrument),
            query=request.GET.urlencode(),
        )
    return render(request, "measures/distance.html", context)


@any_role
def distance_export(request, fmt):
    """The cohort's table (counts only, small numbers hidden) as CSV or XLSX."""
    form, cohort, shown = _cohort_figures(request)
    if shown is None:  # nothing chosen yet, or a bad choice: the page says which
        query = request.GET.urlencode()
        return redirect(reverse("measures:distance") + (f"?{query}" if query else ""))
    instrument = form.cleaned_data["instrument"]
    rows = [
        [r["label"], r["count"], "" if r["percent"] is None else r["percent"]] for r in shown.rows
    ]
    rows.append(["People with a reading", shown.total, ""])
    if shown.mean is not None:
        rows += [
            ["Mean change (latest minus first)", str(shown.mean), ""],
            ["95% confidence interval, low", str(shown.low), ""],
            ["95% confidence interval, high", str(shown.high), ""],
        ]
    header = [f"{instrument.name}: {cohort.label}", "People", "Percent of those with 2+ readings"]
    return exports.table_response("distance-travelled", header, rows, fmt)


def person_measures(request, person_id):
    """Each instrument's readings for one person over time."""
    person = access.get_person_for(
        request.user, person_id, "measures over time", section="assessments"
    )
    series = [
        {"instrument": i, "readings": found, "chart": charts.person_chart(i, found)}
        for i, found in queries.readings(person).items()
    ]
    return render(request, "measures/person_measures.html", {"person": person, "series": series})
