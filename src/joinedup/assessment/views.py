from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import role_required, sees_people_only
from joinedup.assessment import queries, services
from joinedup.assessment.forms import ActionForm, BarrierForm
from joinedup.assessment.models import Barrier, Category, SystemIssue
from joinedup.exports import table_response
from joinedup.forms_page import form_page
from joinedup.people import access
from joinedup.plans.models import PlanStep

commissioners_only = role_required(
    lambda r: not r.sees_personal_data or r.administers, what="own system issues"
)


def barrier_list(request):
    barriers = queries.barriers_for(request.membership)
    category = request.GET.get("category")
    if category in Category.values:
        barriers = barriers.filter(category=category)
    page = Paginator(barriers, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "barriers": queries.with_person_labels(request.user, page.object_list),
        "categories": Category.choices,
        "category": category,
        "can_group": queries.can_group(request.membership),
        "issues": SystemIssue.objects.all(),
    }
    return render(request, "assessment/barrier_list.html", context)


@sees_people_only
def barrier_new(request):
    form = BarrierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.log_barrier(request.user, request.membership.organisation, **form.cleaned_data)
        messages.success(request, "Barrier logged. Commissioners will see it.")
        return redirect("assessment:barriers")
    return form_page(request, form, "Log a barrier", back=("assessment:barriers", "Barriers"))


def person_barrier_new(request, person_id):
    """A barrier met in one person's casework, perhaps holding up a step of their plan."""
    person = access.get_person_for(request.user, person_id, "log barrier", section="plan")
    step = None
    if request.GET.get("step"):
        step = get_object_or_404(PlanStep, pk=request.GET["step"], plan__person=person)
    form = BarrierForm(request.POST or None, initial={"responsible": step and step.owner_id})
    if request.method == "POST" and form.is_valid():
        services.log_barrier(
            request.user,
            request.membership.organisation,
            person=person,
            plan_step=step,
            **form.cleaned_data,
        )
        messages.success(request, "Barrier logged. Commissioners will see it, without the name.")
        return redirect("plans:plan", person_id=person.pk)
    title = f"Log a barrier to “{step.title}”" if step else "Log a barrier"
    return form_page(request, form, title, person=person, back=("plans:plan", "Back to the plan"))


@commissioners_only
def issue_report(request):
    context = {"report": queries.issue_report(), **queries.breakdown()}
    return render(request, "assessment/issue_report.html", context)


@commissioners_only
@require_POST
def group(request):
    chosen = Barrier.objects.filter(pk__in=request.POST.getlist("barrier"))
    existing = request.POST.get("issue")
    title = request.POST.get("title", "").strip()
    if not chosen.exists() or not (existing or title):
        messages.error(request, "Tick the barriers, then name a new issue or choose one.")
        return redirect("assessment:barriers")
    issue = get_object_or_404(SystemIssue, pk=existing) if existing else None
    issue = services.group(request.user, chosen, issue=issue, title=title)
    messages.success(request, f"{chosen.count()} barrier(s) grouped into “{issue.title}”.")
    return redirect("assessment:issue", issue_id=issue.pk)


@commissioners_only
def issue_detail(request, issue_id):
    issue = get_object_or_404(SystemIssue, pk=issue_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_action(issue, **form.cleaned_data)
        return redirect("assessment:issue", issue_id=issue.pk)
    barriers = queries.with_person_labels(
        request.user, issue.barriers.select_related("responsible", "raised_by_organisation")
    )
    context = {"issue": issue, "barriers": barriers, "form": form, "actions": issue.actions.all()}
    return render(request, "assessment/issue_detail.html", context)


def barrier_export(request, fmt):
    """The barriers the user may see, without names: for analysis outside joinedup."""
    barriers = queries.barriers_for(request.membership)
    header = [
        "raised_on",
        "raised_by",
        "responsible",
        "category",
        "rule",
        "effect",
        "delay_days",
        "within_own_control",
        "status",
        "system_issue",
        "person_linked",
    ]
    rows = [
        [
            b.raised_on.isoformat(),
            b.raised_by_organisation.name,
            b.responsible.name if b.responsible else "",
            b.get_category_display(),
            b.rule,
            b.effect,
            b.delay_days,
            b.within_own_control,
            b.get_status_display(),
            b.system_issue.title if b.system_issue else "",
            b.person_id is not None,
        ]
        for b in barriers
    ]
    return table_response("barriers", header, rows, fmt)
