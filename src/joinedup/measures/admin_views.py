"""Administrators add instruments by uploading their data files, and the licensed wording of
instruments whose wording we do not ship; workers import readings from other tools."""

from django.contrib import messages
from django.shortcuts import redirect, render

from joinedup.accounts.decorators import administrators_only, sees_people_only
from joinedup.measures import definition, importing, instruments
from joinedup.measures.forms import ImportForm, UploadForm
from joinedup.measures.views import _instrument_or_404


def _upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return form, form.cleaned_data["file"].read()
    return form, None


@administrators_only
def instrument_list(request):
    form, content = _upload(request)
    problems = []
    if content is not None:
        try:
            added = instruments.add(content, by=request.user)
        except definition.InvalidInstrument as exc:
            problems = [f"{path}: {reason}" for path, reason in exc.problems]
        except instruments.AlreadyInstalled as exc:
            problems = [str(exc)]
        else:
            messages.success(request, f"{added.name} version {added.version} added.")
            return redirect("measures:instruments")
    context = {"form": form, "problems": problems, "instruments": instruments.current()}
    return render(request, "measures/instrument_list.html", context)


@administrators_only
def wording_upload(request, key):
    instrument = _instrument_or_404(key)
    form, content = _upload(request)
    problems = []
    if content is not None:
        try:
            instruments.add_wording(instrument, content)
        except definition.InvalidInstrument as exc:
            problems = [f"{path}: {reason}" for path, reason in exc.problems]
        else:
            messages.success(request, f"The licensed wording of {instrument.name} is in use.")
            return redirect("measures:instruments")
    context = {"form": form, "problems": problems, "instrument": instrument}
    return render(request, "measures/wording_upload.html", context)


@sees_people_only
def readings_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = importing.import_readings(
                request.user, request.membership.organisation, form.cleaned_data["file"].read()
            )
        except importing.ImportRefused as exc:
            problems = [str(p) for p in exc.problems[:50]]
        else:
            messages.success(
                request,
                f"{outcome.added} readings added; {outcome.already} were already here.",
            )
            return redirect("measures:import")
    context = {"form": form, "problems": problems, "columns": importing.COLUMNS}
    return render(request, "measures/import.html", context)
