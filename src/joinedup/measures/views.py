"""Recording the NDT assessment for a person, with the area's threshold beside every score."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from joinedup.measures import instruments
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
