"""The front door, the panel, caseloads and the by-name list: thin views over services/queries."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import public, role_required, sees_people_only
from joinedup.accounts.models import User
from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.forms_page import form_page
from joinedup.people import access
from joinedup.referrals import agenda, charts, decisions, matching, queries, services
from joinedup.referrals.access import get_referral_for, referrals_for
from joinedup.referrals.by_name_list import set_status
from joinedup.referrals.forms import (
    AllocationForm,
    ByNameFilterForm,
    DecisionForm,
    ReferralForm,
    SelfReferralForm,
    ShareForm,
    StatusForm,
    StuckAnswerForm,
    StuckCaseForm,
)
from joinedup.referrals.models import ListStatus, Panel, PanelMeeting, Referral, StuckCase
from joinedup.versioned import EditConflict, show_conflict

panel_only = role_required(lambda r: r.sees_panel_agenda, what="sit on the panel")
caseload_roles = role_required(lambda r: r.sees_caseloads, what="see caseloads")
allocators = role_required(
    lambda r: r.sees_panel_agenda or r.sees_caseloads, what="allocate co-ordinators"
)

#: Self-referrals one address may send in an hour: enough for a drop-in's shared computer.
SELF_REFERRALS_PER_HOUR = 10


def _front_door(user=None) -> Panel:
    """The panel that takes referrals: the one the user's organisation sits on, if several."""
    panels = Panel.objects.select_related("host")
    if user is not None and user.is_authenticated:
        mine = panels.filter(organisations__memberships__user=user).first()
        if mine:
            return mine
    panel = panels.first()
    if panel is None:
        raise Http404("No panel has been set up")
    return panel


def _apply_errors(form, error: services.ReferralError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


# Referrals ---------------------------------------------------------------------------------


@sees_people_only
def referral_list(request):
    referrals = referrals_for(request.user)
    held = referrals.filter(status=Referral.Status.HELD)
    only_held = request.GET.get("status") == "held"
    page = Paginator(held if only_held else referrals, 25).get_page(request.GET.get("page"))
    access.record_list(request.user, [r.person for r in page], "referrals list")
    context = {"page": page, "held": held.count(), "only_held": only_held}
    return render(request, "referrals/list.html", context)


def _sharing(form):
    data = form.cleaned_data
    return services.Sharing(
        organisations=list(data["organisations"]),
        basis=data["basis"],
        sections=data["sections"],
        legal_gateway=data["legal_gateway"],
        reason=data["reason"],
    )


@sees_people_only
def referral_new(request, person_id=None):
    panel = _front_door(request.user)
    person = profile = None
    if person_id is not None:
        person = access.get_person_for(request.user, person_id, "refer", section="story")
        if request.method != "POST":  # the service checks the POST itself
            access.check_change_who_sees(request.user, person, "refer from their record")
        profile = person.profile_versions.first()
    form = ReferralForm(request.POST or None, panel=panel, person=person, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.refer(
                panel=panel,
                identity=form.identity() if person is None else {},
                person=person,
                what_is_happening=form.cleaned_data["what_is_happening"],
                what_matters=form.cleaned_data["what_matters"],
                needs=form.cleaned_data["needs"],
                sharing=_sharing(form),
                by=request.user,
                organisation=request.membership.organisation,
            )
        except services.ReferralError as exc:
            _apply_errors(form, exc)
        else:
            if referral.joins_id:
                messages.success(
                    request, "This person was already referred: your referral joins theirs."
                )
            else:
                messages.success(request, "Referral sent to the front door.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return form_page(
        request,
        form,
        "Refer to the front door",
        person=person,
        back=("people:detail", "Back") if person else ("referrals:list", "Back to referrals"),
        explain=f"One referral form for every organisation. It goes to {panel.host}, and to the "
        f"{panel} at its next meeting.",
    )


@public
def self_referral(request):
    panel = _front_door()
    form = SelfReferralForm(request.POST or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        if _too_many_self_referrals(request):
            form.add_error(None, "Too many forms sent from here in the last hour. Please ring us.")
        else:
            data = form.cleaned_data
            try:
                services.refer(
                    panel=panel,
                    identity={
                        "first_name": data["first_name"],
                        "last_name": data["last_name"],
                        "date_of_birth": data["date_of_birth"],
                    },
                    what_is_happening=data["what_is_happening"],
                    what_matters=data["what_matters"],
                    sharing=services.Sharing(organisations=[panel.host], basis="consent"),
                    contact_by=data["contact_by"],
                )
            except services.ReferralError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("referrals:self-referral-sent")
    return render(request, "referrals/self_referral.html", {"form": form, "panel": panel})


def _too_many_self_referrals(request) -> bool:
    key = f"self-referral:{request.META.get('REMOTE_ADDR', '')}"
    sent = cache.get(key, 0)
    if sent >= SELF_REFERRALS_PER_HOUR:
        return True
    cache.set(key, sent + 1, 3600)
    return False


@public
def self_referral_sent(request):
    return render(request, "referrals/self_referral_sent.html", {"panel": _front_door()})


@sees_people_only
def referral_detail(request, referral_id):
    referral = get_referral_for(request.user, referral_id, "open referral")
    context = {
        "referral": referral,
        "person": referral.person,
        "shares": referral.shares.select_related("organisation", "profile", "overridden_by"),
        "decisions": referral.decisions.select_related("recorded_by", "refer_to", "meeting"),
        "joined_by": referral.joined_by.select_related("referring_organisation"),
        "profile": referral.profile,
        "can_decide": decisions.sits_on_panel(request.user, referral.panel),
        "threshold": settings.NDT_ELIGIBILITY_THRESHOLD,
        "sees_scores": "assessments" in access.sections_for(request.user, referral.person),
        "score": queries.latest_ndt([referral.person]).get(referral.person_id),
        "held": _held_match(request.user, referral),
    }
    return render(request, "referrals/detail.html", context)


def _held_match(user, referral) -> dict | None:
    """What the page says about a held referral: the match is named only to those who see it."""
    if referral.status != referral.Status.HELD:
        return None
    known = referral.possible_match
    sees = known is not None and access.can_see(user, known.pk)
    if sees:  # the match is named on the page: a read like any other
        access.record_list(user, [known], f"held referral {referral.pk}: its match")
    front_door = services.is_front_door(user, referral.panel)
    return {
        "known": known if sees else None,
        "may_join": sees
        and access.may_change_who_sees(user, known, **matching.join_role(referral, user)),
        "may_check": front_door or (sees and access.may_change_who_sees(user, known)),
    }


@require_POST
@sees_people_only
def referral_match(request, referral_id):
    """The front door's answer for a held referral: the person already known, or someone new."""
    referral = get_referral_for(request.user, referral_id, "check a held referral")
    answer = request.POST.get("same_person")
    if answer not in ("yes", "no"):
        messages.error(request, "Say whether this is the person already known")
        return redirect("referrals:detail", referral_id=referral.pk)
    try:
        referral = matching.check_match(referral, request.user, same_person=answer == "yes")
    except services.ReferralError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect("referrals:detail", referral_id=referral.pk)
    if answer == "yes":
        messages.success(request, "The referral has joined their record.")
    else:
        messages.success(request, "The referral stands as someone new, and goes to the panel.")
    return redirect("referrals:detail", referral_id=referral.pk)


@sees_people_only
def referral_share(request, referral_id):
    referral = get_referral_for(request.user, referral_id, "share referral")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.share(
                referral,
                form.cleaned_data["organisation"],
                request.user,
                override_reason=form.cleaned_data["override_reason"],
            )
        except services.ReferralError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("override_reason", str(exc))
        else:
            messages.success(request, f"Shared with {form.cleaned_data['organisation']}.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return _referral_form(request, form, "Share this referral", referral)


def _referral_form(request, form, title, referral, explain=""):
    return form_page(request, form, title, person=referral.person, explain=explain)


@panel_only
def referral_decide(request, referral_id):
    referral = get_referral_for(request.user, referral_id, "panel decision")
    if not decisions.sits_on_panel(request.user, referral.panel):
        raise PermissionDenied("Only a member of the panel records its decisions.")
    form = DecisionForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decide(referral, request.user, **form.cleaned_data)
        except decisions.DecidedSince as exc:
            _apply_errors(form, exc)
            form.data = form.data.copy()  # saving again is then a choice made having seen it
            form.data["last_seen"] = str(exc.latest.pk if exc.latest else 0)
        except services.ReferralError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Decision recorded for {referral.person.full_name}.")
            return redirect(agenda.after_decision(decision, request.user))
    score = queries.latest_ndt([referral.person]).get(referral.person_id)
    threshold = settings.NDT_ELIGIBILITY_THRESHOLD
    scored = f"Latest NDT score {score.total} of 48" if score else "No NDT score yet"
    return _referral_form(
        request,
        form,
        "Record the panel's decision",
        referral,
        explain=f"{scored}; the area's eligibility threshold is {threshold}. A decision that "
        "departs from the score-based order needs its reason.",
    )


# The panel ---------------------------------------------------------------------------------


@sees_people_only
def panel(request):
    visible = access.persons_visible_to(request.user)
    waiting = list(queries.waiting_for_a_meeting(visible))
    access.record_list(request.user, [r.person for r in waiting], "waiting for the panel")
    meetings = list(queries.meetings_for(request.user))
    today = timezone.localdate()
    context = {
        "coming": [m for m in meetings if m.meets_on >= today],
        "past": [m for m in reversed(meetings) if m.meets_on < today],
        "waiting": waiting,
        "sees_fairness": _sees_fairness(request),
    }
    return render(request, "referrals/panel.html", context)


@sees_people_only
def meeting(request, meeting_id):
    organisations = [m.organisation_id for m in request.user.active_memberships()]
    meeting = get_object_or_404(
        PanelMeeting.objects.select_related("panel")
        .filter(panel__organisations__in=organisations)
        .distinct(),
        pk=meeting_id,
    )
    rows = queries.papers(meeting, request.user)
    access.record_list(request.user, [r["person"] for r in rows], f"panel papers {meeting}")
    context = {
        "meeting": meeting,
        "rows": rows,
        "threshold": settings.NDT_ELIGIBILITY_THRESHOLD,
        "can_decide": decisions.sits_on_panel(request.user, meeting.panel),
    }
    return render(request, "referrals/meeting.html", context)


def _sees_fairness(request) -> bool:
    """Panel chairs and commissioners (the issue's audience)."""
    membership = request.membership
    if membership is None:
        return False
    return membership.role == Role.COMMISSIONER or Panel.objects.filter(chair=request.user).exists()


def fairness(request):
    if not _sees_fairness(request):
        raise PermissionDenied("Panel chairs and commissioners see the fairness figures.")
    figures = queries.fairness()
    for breakdown in figures["breakdowns"]:
        breakdown["chart"] = charts.acceptance_by_group(breakdown, figures["overall"]["accepted"])
    return render(request, "referrals/fairness.html", {"figures": figures})


# Stuck cases -------------------------------------------------------------------------------


@caseload_roles
def stuck_new(request, person_id):
    person = access.get_person_for(request.user, person_id, "bring a stuck case")
    meetings = queries.meetings_for(request.user, past_days=0)
    form = StuckCaseForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        decisions.bring_stuck_case(
            person, request.user, organisation=request.membership.organisation, **form.cleaned_data
        )
        messages.success(request, "The stuck case goes to the panel.")
        return redirect("people:detail", person_id=person.pk)
    return form_page(
        request,
        form,
        "Bring a stuck case to the panel",
        person=person,
        explain="When an agency's rule or threshold blocks the plan, the panel can ask that "
        "agency for a flexible response. Whether it makes an exception is recorded.",
    )


@sees_people_only
def stuck_answer(request, stuck_case_id):
    case = get_object_or_404(StuckCase.objects.select_related("agency"), pk=stuck_case_id)
    person = access.get_person_for(request.user, case.person_id, "answer a stuck case")
    organisations = {m.organisation_id for m in request.user.active_memberships()}
    on_panel = any(decisions.sits_on_panel(request.user, p) for p in Panel.objects.all())
    if case.agency_id not in organisations and not on_panel:
        raise PermissionDenied("The agency asked, or the panel, records its answer.")
    form = StuckAnswerForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.answer_stuck_case(case, **form.cleaned_data)
        except EditConflict:
            show_conflict(form, StuckCase.objects.get(pk=case.pk))
        else:
            messages.success(request, "Answer recorded.")
            return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, f"{case.agency}'s answer on: {case.rule}", person=person)


# Caseloads and allocation ----------------------------------------------------------------


@caseload_roles
def caseloads(request):
    organisations = [m.organisation_id for m in request.user.active_memberships()]
    context = {"rows": queries.caseload_sizes(organisations), "cap": settings.CASELOAD_CAP}
    return render(request, "referrals/caseloads.html", context)


@caseload_roles
def caseload(request, user_id):
    organisations = [m.organisation_id for m in request.user.active_memberships()]
    membership = queries.coordinators_of(organisations).filter(user_id=user_id).first()
    if membership is None:
        raise Http404("No such co-ordinator")
    rows = queries.caseload(membership.user, access.persons_visible_to(request.user))
    access.record_list(request.user, [r["person"] for r in rows], "caseload")
    cap = settings.CASELOAD_CAP
    context = {"coordinator": membership.user, "rows": rows, "cap": cap, "over": len(rows) > cap}
    return render(request, "referrals/caseload.html", context)


@allocators
def allocate(request, person_id):
    person = access.get_person_for(request.user, person_id, "allocate a co-ordinator")
    organisations = [m.organisation_id for m in request.user.active_memberships()]
    panel_orgs = Panel.objects.filter(organisations__in=organisations).values("host")
    coordinators = User.objects.filter(
        pk__in=queries.coordinators_of(
            Organisation.objects.filter(pk__in=panel_orgs).values("pk")
        ).values("user")
    )
    form = AllocationForm(request.POST or None, coordinators=coordinators)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocate(
                person,
                form.cleaned_data["coordinator"],
                request.user,
                reason=form.cleaned_data["reason"],
                referral=person.referrals.filter(status="accepted").first(),
            )
        except services.ReferralError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Allocated to {form.cleaned_data['coordinator']}.")
            return redirect("people:detail", person_id=person.pk)
    return form_page(
        request,
        form,
        "Allocate a co-ordinator",
        person=person,
        explain="The co-ordinator follows the person wherever their journey goes. An earlier "
        "allocation ends and stays in the history.",
    )


# The by-name list ------------------------------------------------------------------------


@sees_people_only
def status_update(request, person_id):
    person = access.get_person_for(
        request.user, person_id, "update by-name list status", section="plan"
    )
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_status(person, by=request.user, **form.cleaned_data)
        except services.ReferralError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Status updated.")
            return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, "Status on the by-name list", person=person)


def by_name_list(request):
    names = bool(request.membership and request.membership.rules.sees_personal_data)
    flow = queries.flow_by_month(suppressed=not names)
    context = {
        "counts": queries.status_counts(suppressed=not names),
        "flow": flow,
        "flow_chart": charts.flow_chart(flow),
        "inactive_after": settings.INACTIVE_AFTER_DAYS,
    }
    if names:
        form = ByNameFilterForm(request.GET or None)
        status = q = ""
        if form.is_valid():
            status, q = form.cleaned_data["status"], form.cleaned_data["q"]
        persons = queries.by_name_list(access.persons_visible_to(request.user), status, q)
        page = Paginator(persons, 50).get_page(request.GET.get("page"))
        access.record_list(request.user, page, "by-name list")
        labels = dict(ListStatus.choices)
        for person in page:
            person.status_label = labels.get(person.list_status, person.list_status)
        context.update(form=form, page=page)
    else:
        context["deaths"] = queries.deaths_by_cohort()
    return render(request, "referrals/by_name_list.html", context)
