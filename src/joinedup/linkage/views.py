"""Linkage pages: imports and runs with a progress bar, the review queue, history and undo.

Analysts and administrators do the area's data matching (the lawful basis is the area's data
sharing agreement): they see the identifying fields of agency records, never case notes.
A run is background work (`joinedup worker` does it): the page polls its stored progress
(htmx), so closing the page stops nothing and anyone opening it again sees how far it has got.
Imports advance a step per request: htmx posts the next step while the page is open, and
without JavaScript a 'Continue' button does the same.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import role_required
from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.exports import table_response
from joinedup.jobs import services as jobs
from joinedup.linkage import queries, services, tasks
from joinedup.linkage.forms import ImportForm, RunForm
from joinedup.linkage.importing import COLUMN_GUIDE, SAMPLE_ROWS, parse_mapping
from joinedup.linkage.models import Decision, ImportBatch, Link, ReviewPair, Run
from joinedup.linkage.prepare import CONTRACT
from joinedup.people import access

links_records = role_required(lambda r: r.links_records, what="link agencies' records")


@links_records
def home(request):
    context = queries.overview() | {"current_run": tasks.current_run()}
    context |= {"import_form": ImportForm(), "run_form": RunForm(), "columns": COLUMN_GUIDE}
    return render(request, "linkage/home.html", context)


@links_records
def sample(request):
    """A made-up extract with every column an import reads, to start an agency's file from."""
    return table_response("linkage-extract-sample", CONTRACT, SAMPLE_ROWS, "csv")


@links_records
@require_POST
def import_new(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context = queries.overview() | {
            "import_form": form,
            "run_form": RunForm(),
            "columns": COLUMN_GUIDE,
        }
        return render(request, "linkage/home.html", context, status=400)
    upload = form.cleaned_data["file"]
    batch = services.start_import(
        upload.name, upload.read(), mode=form.cleaned_data["mode"],
        mapping=parse_mapping(form.cleaned_data["mapping"]), user=request.user,
    )  # fmt: skip
    return redirect("linkage:batch", batch_id=batch.pk)


@links_records
def batch(request, batch_id):
    job = get_object_or_404(ImportBatch.objects.defer("content"), pk=batch_id)
    return render(request, "linkage/batch.html", {"job": job})


@links_records
@require_POST
def batch_step(request, batch_id):
    job = services.import_step(get_object_or_404(ImportBatch, pk=batch_id))
    if request.headers.get("HX-Request"):
        return render(request, "linkage/includes/batch_progress.html", {"job": job})
    return redirect("linkage:batch", batch_id=job.pk)


@links_records
@require_POST
def run_new(request):
    form = RunForm(request.POST)
    if not form.is_valid():
        context = queries.overview() | {"import_form": ImportForm(), "run_form": form}
        return render(request, "linkage/home.html", context, status=400)
    try:
        run = tasks.queue_run(request.user, **form.cleaned_data)
    except jobs.AlreadyRunning:
        running = tasks.current_run()
        messages.error(request, "A linkage run is already under way: one run at a time. "
                       "Wait for it to finish, then start yours.")  # fmt: skip
        return redirect("linkage:run", run_id=running.pk) if running else redirect("linkage:home")
    return redirect("linkage:run", run_id=run.pk)


@links_records
def run(request, run_id):
    tasks.current_run()  # a run whose worker died is failed before it is shown
    job = get_object_or_404(Run.objects.defer("clusters").select_related("job"), pk=run_id)
    return render(request, "linkage/run.html", {"job": job})


@links_records
def run_progress(request, run_id):
    """The run's progress, for the page to poll (htmx) while the worker does the run."""
    tasks.current_run()
    job = get_object_or_404(Run.objects.defer("clusters").select_related("job"), pk=run_id)
    return render(request, "linkage/includes/run_progress.html", {"job": job})


@links_records
def review(request):
    pairs = queries.open_reviews()[:100]
    return render(request, "linkage/review.html", {"pairs": pairs})


@links_records
def pair(request, pair_id):
    item = get_object_or_404(
        ReviewPair.objects.select_related("record_a", "record_b", "run", "decision"), pk=pair_id
    )
    if request.method == "POST":
        verdict = request.POST.get("verdict")
        if verdict in Decision.Verdict.values and item.decision_id is None:
            services.decide(item, verdict, request.user)
            messages.success(request, f"Recorded: {Decision.Verdict(verdict).label.lower()}.")
            return redirect("linkage:review")
        messages.error(request, "Choose 'same person' or 'different people'.")
    people = queries.people_of(item)
    # The two records identify people: showing them is a read of personal data, logged.
    audit.record(request.user, sorted(set(people)), action=AccessLog.Action.VIEW,
                 purpose="linkage review")  # fmt: skip
    context = {
        "pair": item,
        "evidence": queries.evidence_rows(item),
        "standing": queries.standing_of(item),
    }
    return render(request, "linkage/pair.html", context)


@links_records
def history(request):
    return render(request, "linkage/history.html", queries.history())


@links_records
@require_POST
def undo_link(request, link_id):
    link = get_object_or_404(Link, pk=link_id, ended_at=None)
    services.undo_link(link, request.user)
    messages.success(request, f"Link undone: {link.record} no longer belongs to that person.")
    return redirect("linkage:history")


@links_records
@require_POST
def undo_decision(request, decision_id):
    decision = get_object_or_404(Decision, pk=decision_id, undone_at=None)
    services.undo_decision(decision, request.user)
    messages.success(request, "Decision undone; the links it changed are back as they were.")
    return redirect("linkage:history")


@links_records
def area(request):
    """Drill-down behind 'three or more agencies and no co-ordinator', through the access layer:
    only people the user may see are named; the rest are counted."""
    ids = queries.people_without_coordinator()
    visible = access.persons_visible_to(request.user).filter(pk__in=ids)
    shown = access.record_list(request.user, visible[:100], purpose="linkage drill-down")
    context = {"total": len(ids), "people": shown, "hidden": len(ids) - len(shown)}
    return render(request, "linkage/area.html", context)
