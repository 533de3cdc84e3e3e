"""Each role's home page: what that person needs first when they sign in."""

from datetime import date

from django.conf import settings
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from joinedup import disclosure
from joinedup.accounts.decorators import public
from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.costs import queries as cost_queries
from joinedup.directory.models import Organisation
from joinedup.insight import area_home
from joinedup.insight.charts import fragmentation_spread_chart
from joinedup.linkage import queries as linkage_queries
from joinedup.measures import queries as measure_queries
from joinedup.people import access, queries
from joinedup.plans import queries as plan_queries
from joinedup.referrals import queries as panel_queries

HOME_TEMPLATES = {
    Role.COORDINATOR: "insight/home_caseworker.html",
    Role.PRACTITIONER: "insight/home_caseworker.html",
    Role.PROVIDER_MANAGER: "insight/home_caseworker.html",
    Role.PANEL_MEMBER: "insight/home_panel.html",
    Role.COMMISSIONER: "insight/home_area.html",
    Role.ANALYST: "insight/home_area.html",
    Role.ADMINISTRATOR: "insight/home_admin.html",
}


def home(request):
    membership = request.membership
    if membership is None:
        return render(request, "insight/home_no_role.html")
    context = {"home_for": membership.get_role_display()}
    if membership.rules.sees_personal_data:
        visible = access.persons_visible_to(request.user)
        if membership.rules.sees_panel_agenda:
            meetings = panel_queries.coming_meetings(membership.organisation_id)
            context["meetings"] = meetings
            visible = visible.filter(agenda_items__meeting__in=[m.pk for m in meetings]).distinct()
        context["alerts"] = plan_queries.transition_alerts(request.user)
        if membership.role == Role.COORDINATOR:
            context.update(_caseload(request.user, visible))
        context["people_count"] = visible.count()
        context["people"] = access.record_list(request.user, visible[:10], purpose="home page")
        if membership.rules.sees_panel_agenda:
            scores = measure_queries.latest_ndt(context["people"])
            for person in context["people"]:
                # A score is part of the assessments: shown only where those are shared.
                shares = "assessments" in access.sections_for(request.user, person)
                person.latest_ndt = scores.get(person.pk) if shares else None
            context["threshold"] = settings.NDT_ELIGIBILITY_THRESHOLD
    if not membership.rules.sees_personal_data:
        return render(request, HOME_TEMPLATES[membership.role], area_home.context(request))
    if membership.rules.administers:
        context["area"] = queries.area_counts()
        context["service_use"] = cost_queries.use_by_kind(days=365)
        context["localities"] = queries.people_by_locality()
        context["organisations_by_kind"] = [
            {"kind": Organisation.Kind(row["kind"]).label, "n": row["n"]}
            for row in Organisation.objects.values("kind").annotate(n=Count("id")).order_by("-n")
        ]
    if membership.rules.administers:
        context["recent_access"] = AccessLog.objects.select_related("user")[:10]
    return render(request, HOME_TEMPLATES[membership.role], context)


def _caseload(user, visible) -> dict:
    """A co-ordinator's own caseload first: who needs something today (a review due, the
    oldest first; a key date or alert; nobody in touch for a while), then the rest."""
    rows = panel_queries.caseload(user, visible)
    access.record_list(user, [r["person"] for r in rows], purpose="home page: caseload")
    today = []
    for row in rows:
        why = []
        if row["review_due"]:
            why.append(f"Review due since {row['next_review']:%-d %B %Y}")
        why += row["alerts"]
        if row["quiet"]:
            seen = row["last_contact"]
            why.append(f"No contact since {seen:%-d %B %Y}" if seen else "No contact recorded")
        if why:
            today.append({**row, "why": why})
    today.sort(key=lambda r: (not r["review_due"], r["next_review"] or date.max))
    return {"caseload": rows, "needs_today": today}


@public
@never_cache
def healthz(request):
    """For load balancers: the process answers and the database is reachable."""
    Organisation.objects.exists()
    return JsonResponse({"status": "ok"})


def fragmentation(request):
    """The area-wide spread of how many organisations work with each person: every count
    through the one rule for small numbers (a row of 2 people once reached commissioners)."""
    rows = queries.fragmentation_spread()
    shown, total = disclosure.table([r["people"] for r in rows])
    rows = [{**r, "people": n} for r, n in zip(rows, shown, strict=True)]
    linked = linkage_queries.area_figures()
    if linked["people"]:
        cells, linked_total = disclosure.table([r["people"] for r in linked["by_agencies"]])
        linked = {
            **linked,
            "people": linked_total,
            "by_agencies": [
                {**r, "people": n} for r, n in zip(linked["by_agencies"], cells, strict=True)
            ],
            **{
                key: disclosure.count(linked[key])
                for key in ("several_records", "three_plus", "three_plus_without_coordinator")
            },
        }
    context = {
        "rows": rows,
        "total": total,
        "chart": fragmentation_spread_chart(rows, total),
        "linked": linked,
    }
    return render(request, "insight/fragmentation.html", context)
