"""Self-assessment pages: open a round, staff and service-user responses, results, area view."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import administrators_only, public, role_required
from joinedup.assessment import charts, frameworks_data, queries, rounds
from joinedup.assessment.models import LEVELS, ActionPlanItem, Framework, Response, Round
from joinedup.exports import table_response
from joinedup.versioned import CHANGED_SINCE, EditConflict

managers_only = role_required(lambda r: r.manages_service, what="open assessment rounds")
area_roles = role_required(
    lambda r: not r.sees_personal_data or r.administers, what="see every service's assessment"
)
USER_LEVELS = [(0, "Not at all"), (1, "A little"), (2, "Mostly"), (3, "Completely")]


def _round_for(request, round_id) -> Round:
    """Staff reach their own organisation's rounds; commissioners and analysts reach all."""
    round_ = get_object_or_404(
        Round.objects.select_related("framework", "organisation"), pk=round_id
    )
    membership = request.membership
    own = membership and membership.organisation_id == round_.organisation_id
    if not (own or (membership and not membership.rules.sees_personal_data)):
        raise Http404("No such round")
    return round_


def home(request):
    membership = request.membership
    mine = Round.objects.filter(organisation=membership.organisation).select_related("framework")
    context = {
        "rounds": mine,
        "frameworks": Framework.objects.all(),
        "can_open": membership.rules.manages_service,
    }
    return render(request, "assessment/rounds_home.html", context)


@managers_only
def round_new(request):
    framework = Framework.objects.filter(pk=request.POST.get("framework")).first()
    listed = request.membership.organisation.services.filter(
        pk=request.POST.get("directory_service") or None
    ).first()
    service = request.POST.get("service", "").strip() or (listed.name if listed else "")
    if request.method != "POST" or framework is None or not service:
        if request.method == "POST":
            messages.error(request, "Choose a framework and name the service.")
        return redirect("assessment:rounds")
    round_ = rounds.open_round(
        request.user,
        request.membership.organisation,
        framework=framework,
        service=service,
        directory_service=listed,
    )
    messages.success(request, f"Round opened for {service}.")
    return redirect("assessment:round", round_id=round_.pk)


def round_detail(request, round_id):
    round_ = _round_for(request, round_id)
    result = rounds.results(round_)
    context = {
        "round": round_,
        **result,
        "chart": charts.staff_and_users(result["rows"]),
        "public_url": request.build_absolute_uri(f"/have-your-say/{round_.public_token}/"),
    }
    return render(request, "assessment/round_detail.html", context)


def _ratings_from(post, elements, *, staff: bool) -> tuple[dict, list[str]]:
    ratings, missing = {}, []
    for e in elements:
        level = post.get(f"level-{e.pk}")
        if level not in {"0", "1", "2", "3"}:
            missing.append(e.title)
            continue
        fields = {
            "level": int(level),
            "helps": post.get(f"helps-{e.pk}", "").strip(),
            "hinders": post.get(f"hinders-{e.pk}", "").strip(),
        }
        if staff:
            target = post.get(f"target-{e.pk}")
            fields |= {
                "target": int(target) if target in {"0", "1", "2", "3"} else None,
                "evidence": post.get(f"evidence-{e.pk}", "").strip(),
                "hinders_within_control": post.get(f"within-{e.pk}") == "yes",
            }
        ratings[e.pk] = fields
    return ratings, missing


def staff_response(request, round_id):
    round_ = _round_for(request, round_id)
    if request.membership.organisation_id != round_.organisation_id:
        raise Http404("Only the service's own staff respond")
    elements = list(round_.framework.elements.all())
    missing = []
    if request.method == "POST":
        ratings, missing = _ratings_from(request.POST, elements, staff=True)
        if not missing:
            rounds.submit(
                round_,
                Response.Kind.STAFF,
                ratings,
                author=request.user,
                for_team=request.POST.get("for_team") == "yes",
            )
            messages.success(request, "Thank you: your ratings are saved.")
            return redirect("assessment:round", round_id=round_.pk)
    context = {
        "round": round_,
        "elements": elements,
        "levels": LEVELS,
        "missing": missing,
        "post": request.POST,
    }
    return render(request, "assessment/staff_form.html", context)


@public
def service_user_response(request, token):
    """The short, phone-sized form for people who use the service: no account, no name."""
    round_ = get_object_or_404(Round, public_token=token, closed=False)
    elements = list(round_.framework.elements.all())
    missing = []
    if request.method == "POST":
        ratings, missing = _ratings_from(request.POST, elements, staff=False)
        if not missing:
            rounds.submit(round_, Response.Kind.SERVICE_USER, ratings)
            return render(request, "assessment/thanks.html", {"round": round_})
    context = {
        "round": round_,
        "elements": elements,
        "levels": USER_LEVELS,
        "missing": missing,
        "post": request.POST,
    }
    return render(request, "assessment/service_user_form.html", context)


def _area_context():
    latest = {}
    for r in Round.objects.select_related("framework", "organisation").order_by("opened_on"):
        latest[(r.organisation_id, r.service, r.framework.key)] = r
    services = [(r, rounds.results(r)) for r in latest.values()]
    disagreements = sorted(
        ((r, row) for r, res in services for row in res["rows"] if row.gap is not None),
        key=lambda pair: -abs(pair[1].gap),
    )[:10]
    hinders = {}
    for _, res in services:
        for row in res["rows"]:
            hinders[row.element.title] = hinders.get(row.element.title, 0) + len(row.hinders)
    common = sorted(((n, t) for t, n in hinders.items() if n), reverse=True)[:10]
    return {"services": services, "disagreements": disagreements, "hinders": common}


@area_roles
def area(request):
    """Every service on every element; where staff and service users disagree most."""
    return render(request, "assessment/area.html", _area_context())


@area_roles
def area_report(request):
    """The same, with the system issues, as a page to print or save as PDF."""
    context = {**_area_context(), "report": queries.issue_report(), **queries.breakdown()}
    return render(request, "assessment/area_report.html", context)


def round_export(request, round_id, fmt):
    round_ = _round_for(request, round_id)
    result = rounds.results(round_)
    header = ["theme", "element", "staff", "service_users", "target", "change", "helps", "hinders"]
    rows = [
        [
            r.element.theme,
            r.element.title,
            r.staff,
            r.service_users,
            r.target,
            r.change,
            "; ".join(r.helps_tallied),
            "; ".join(r.hinders_tallied),
        ]
        for r in result["rows"]
    ]
    return table_response(f"self-assessment-{round_.pk}", header, rows, fmt)


@require_POST
def action_add(request, round_id):
    """The service's action plan: an action per element, with an owner and a date."""
    round_ = _round_for(request, round_id)
    if request.membership.organisation_id != round_.organisation_id:
        raise Http404("Only the service adds its actions")
    element = round_.framework.elements.filter(pk=request.POST.get("element")).first()
    action, owner = request.POST.get("action", "").strip(), request.POST.get("owner", "").strip()
    if element is None or not action or not owner:
        messages.error(request, "Choose the element, and say what will be done and by whom.")
    else:
        ActionPlanItem.objects.create(
            round=round_,
            element=element,
            action=action,
            owner=owner,
            due_on=request.POST.get("due_on") or None,
        )
        messages.success(request, "Action added to the plan.")
    return redirect("assessment:round", round_id=round_.pk)


@administrators_only
def frameworks(request):
    return render(
        request,
        "assessment/frameworks.html",
        {"frameworks": Framework.objects.prefetch_related("elements")},
    )


@administrators_only
def framework_edit(request, framework_id):
    """Edit a framework by saving a new version of it, elements one per line."""
    framework = get_object_or_404(Framework, pk=framework_id)
    errors = []
    text = request.POST.get("elements", frameworks_data.as_text(framework))
    name = request.POST.get("name", framework.name).strip()
    latest = frameworks_data.latest_version(framework)
    # The newest version when the page was opened; a save that names none is refused.
    latest_seen = request.POST.get("latest_seen", "") if request.method == "POST" else None
    latest_seen = str(latest.version) if latest_seen is None else latest_seen
    if request.method == "POST":
        try:
            elements = frameworks_data.parse_elements(text)
            created = frameworks_data.new_version(
                framework,
                name=name or framework.name,
                description=request.POST.get("description", framework.description),
                elements=elements,
                latest_seen=int(latest_seen) if latest_seen.isdigit() else None,
            )
        except ValueError as exc:
            errors = exc.args[0]
        except EditConflict:
            latest = frameworks_data.latest_version(framework)
            latest_seen = str(latest.version)
            errors = [
                f"{CHANGED_SINCE} Version {latest.version} ({latest.name}) was saved since "
                "you opened this. Your changes are still below: look at version "
                f"{latest.version} under Frameworks, then save again to make yours the newest."
            ]
        else:
            messages.success(request, f"Saved as version {created.version}.")
            return redirect("assessment:frameworks")
    context = {
        "framework": framework,
        "errors": errors,
        "text": text,
        "name": name,
        "latest_seen": latest_seen,
    }
    return render(request, "assessment/framework_edit.html", context)
