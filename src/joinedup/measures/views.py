"""Recording readings for a person: the NDT (with the area's threshold beside every score)
and any other instrument by the same generic form; the person's readings over time; distance
travelled for a cohort."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from joinedup import exports
from joinedup.accounts.decorators import role_required
from joinedup.measures import charts, cohorts, forms, instruments, queries
from joinedup.measures.charts import readings_chart
from joinedup.measures.forms import CohortForm
from joinedup.measures.models import Assessment, Instrument
from joinedup.people import access


def ndt_new(request, person_id):
    person = access.get_person_for(request.user, person_id, "record NDT", section="assessments")
    ndt = instruments.get("ndt")
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


def _fields(instrument, post, errors):
    """Each item with its answers, what was chosen, and its error, for the template."""
    return [
        {
            "code": item.code,
            "title": instrument.title_of(item),
            "pairs": instrument.pairs_of(item),
            "chosen": post.get(item.code, ""),
            "theirs": post.get(f"person-{item.code}", ""),
            "error": errors.get(item.code, ""),
        }
        for item in instrument.items.all()
    ]


def _instrument_or_404(key):
    try:
        return instruments.get(key)
    except Instrument.DoesNotExist:
        raise Http404("No such instrument") from None


def record_reading(request, instrument, person, *, own=False):
    """Parse and save a reading; returns (assessment or None, errors)."""
    reading = forms.read(request.POST, instrument, today=timezone.localdate(), own=own)
    if reading.errors:
        return None, reading.errors
    membership = getattr(request, "membership", None)
    assessment = instruments.record(
        instrument,
        person,
        reading.values,
        by=request.user,
        organisation=membership.organisation if membership else None,
        on=reading.on,
        completed_by=reading.completed_by,
        person_view=reading.person_view,
        require_all=False,
    )
    return assessment, {}


def saved_message(assessment) -> str:
    if assessment.score is None:
        return f"Saved. No score: {assessment.unscored_because}."
    return f"Saved. Score {assessment.score}."


def reading_new(request, person_id, key):
    """Any instrument, for a person the user may see the assessments of."""
    person = access.get_person_for(
        request.user, person_id, "record a reading", section="assessments"
    )
    instrument = _instrument_or_404(key)
    errors = {}
    if request.method == "POST":
        assessment, errors = record_reading(request, instrument, person)
        if assessment:
            messages.success(request, saved_message(assessment))
            return redirect("measures:person", person_id=person.pk)
    context = {
        "person": person,
        "instrument": instrument,
        "fields": _fields(instrument, request.POST, errors),
        "errors": errors,
        "post": request.POST,
        "choices": Assessment.CompletedBy.choices,
        "today": timezone.localdate(),
    }
    return render(request, "measures/reading_form.html", context)


def person_measures(request, person_id):
    """The person's readings of each instrument over time, with both views side by side."""
    person = access.get_person_for(request.user, person_id, "view readings", section="assessments")
    context = {
        "person": person,
        "history": _with_charts(queries.history(person)),
        "external": queries.external_readings(person),
        "instruments": instruments.current(),
    }
    return render(request, "measures/person_measures.html", context)


def _with_charts(history):
    for entry in history:
        entry["chart"] = readings_chart(entry["instrument"], entry["readings"])
        entry["rows"] = [
            {
                "reading": a,
                "views": queries.views_of(a),
                "subscales": queries.subscales_of(a),
            }
            for a in reversed(entry["readings"])
        ]
    return history


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


def person_measures_export(request, person_id, fmt):
    """Every reading of the person, item by item with both views, as CSV or XLSX."""
    person = access.get_person_for(
        request.user, person_id, f"export readings ({fmt})", section="assessments"
    )
    header = ["Instrument", "Version", "Date", "Completed by", "Score", "Total", "Item",
              "Answer (agreed)", "The person's own answer"]  # fmt: skip
    rows = []
    for entry in queries.history(person):
        for a in entry["readings"]:
            score = "" if a.score is None else a.score
            for view in queries.views_of(a):
                rows.append([
                    a.instrument.name, a.instrument.version, a.assessed_on,
                    a.get_completed_by_display(), score, a.total, view["title"],
                    view["agreed"] if view["agreed"] is not None else "",
                    view["person"] if view["person"] is not None else "",
                ])  # fmt: skip
    return exports.table_response(f"readings-{person.pk}", header, rows, fmt)


def instruments_export(request, fmt):
    """The installed instruments and their scoring (no person in it), as CSV or XLSX."""
    header = ["Key", "Version", "Name", "Items", "Higher is", "Reliable change", "Wording",
              "Copyright"]  # fmt: skip
    rows = [
        [
            i.key,
            i.version,
            i.name,
            i.items.count(),
            i.higher_is,
            "" if i.reliable_change is None else i.reliable_change,
            i.definition.get("wording", "shipped"),
            i.copyright,
        ]  # fmt: skip
        for i in instruments.current()
    ]
    return exports.table_response("instruments", header, rows, fmt)
