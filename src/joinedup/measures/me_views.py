"""The person's own readings at /me/: the same instruments, recorded by them on a phone."""

from django.contrib import messages
from django.shortcuts import redirect, render

from joinedup.accounts.decorators import for_the_person
from joinedup.measures import instruments, queries
from joinedup.measures.views import (
    _fields,
    _instrument_or_404,
    _with_charts,
    record_reading,
    saved_message,
)
from joinedup.people import access

#: What a person may fill in themselves (the NDT is a worker's assessment).
OWN = ("journey", "swemwbs", "satisfaction")


@for_the_person
def my_measures(request):
    person = access.own_record(request.user, purpose="own view: readings")
    offered = [i for i in instruments.current() if i.key in OWN]
    context = {
        "person": person,
        "history": _with_charts(queries.history(person)),
        "offered": offered,
    }
    return render(request, "measures/me_measures.html", context)


@for_the_person
def my_reading(request, key):
    person = access.own_record(request.user, purpose="own view: record a reading")
    instrument = _instrument_or_404(key if key in OWN else "")
    errors = {}
    if request.method == "POST":
        assessment, errors = record_reading(request, instrument, person, own=True)
        if assessment:
            messages.success(request, saved_message(assessment))
            return redirect("me-measures")
    context = {
        "person": person,
        "instrument": instrument,
        "fields": _fields(instrument, request.POST, errors),
        "errors": errors,
        "post": request.POST,
        "own": True,
    }
    return render(request, "measures/reading_form.html", context)
