from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import administrators_only, sees_people_only
from joinedup.audit.models import AccessLog
from joinedup.forms_page import form_page
from joinedup.people import access, alerts, panels, queries, services, timeline
from joinedup.people import subject_access as subject_access_export
from joinedup.people.charts import fragmentation_chart
from joinedup.people.forms import (
    ConsentForm,
    InvolvementForm,
    NoteForm,
    PersonalContactForm,
    PersonSearchForm,
    RestrictionForm,
    RevokeForm,
    TimelineFilterForm,
)

RESTRICT = (
    "For a person at risk, for example from domestic abuse. A restricted record disappears from "
    "every list and search, and only the users named here can open it. You stay named. Every "
    "view is logged, as always."
)
SHARE = (
    "Ask the person first. Share without consent only where the law allows it, and record who "
    "decided and why."
)


@sees_people_only
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    people = access.persons_visible_to(request.user)
    if form.is_valid() and form.cleaned_data["q"]:
        for word in form.cleaned_data["q"].split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(known_as__icontains=word)
            )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    shown = access.record_list(request.user, page.object_list, purpose="people list")
    context = {"form": form, "page": page, "people": shown}
    return render(request, "people/person_list.html", context)


def person_detail(request, person_id):
    person = access.get_person_for(request.user, person_id, purpose="view record")
    sections = access.sections_for(request.user, person)
    context = {
        "person": person,
        "sections": sections,
        "team": queries.team(person) if "team" in sections else None,
        "alerts": alerts.for_person(person) if "plan" in sections else [],
        "notes": access.notes_for(request.user, person)[:10] if "notes" in sections else [],
        "today": timezone.localdate(),
        "panels": panels.for_person(person, request.user, sections),
        "changes_access": access.may_change_who_sees(request.user, person),
        "grants": access.grants_for(request.user, person),
    }
    return render(request, "people/person_detail.html", context)


def person_access_history(request, person_id):
    """Who has seen this record: part of being open with the person about their data."""
    person = access.get_person_for(request.user, person_id, purpose="view access history")
    entries = AccessLog.objects.filter(person_ref=person.pk).select_related("user", "organisation")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_access.html", {"person": person, "page": page})


def person_timeline(request, person_id):
    """Everything that happened around the person, across agencies, newest first."""
    person = access.get_person_for(request.user, person_id, "view timeline", section="timeline")
    form = TimelineFilterForm(request.GET or None, choices=timeline.kinds())
    chosen = form.cleaned_data["kinds"] if form.is_valid() else None
    page = Paginator(timeline.entries_for(person, request.user, chosen), 100).get_page(
        request.GET.get("page")
    )
    months = queries.fragmentation(person)
    context = {
        "person": person,
        "form": form,
        "page": page,
        "chart": fragmentation_chart(months),
        "months": months,
    }
    return render(request, "people/person_timeline.html", context)


def team_add(request, person_id):
    person = access.get_person_for(request.user, person_id, "change team", section="team")
    if request.method == "POST":
        access.check_change_who_sees(request.user, person, "add to the team")
    form = InvolvementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_involvement(person, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['organisation']} added to the team.")
        return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, "Add an organisation or worker to the team", person=person)


def network_add(request, person_id):
    person = access.get_person_for(request.user, person_id, "change team", section="team")
    form = PersonalContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_contact(person, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} added to their people.")
        return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, "Add someone from their own life", person=person)


@require_POST
def team_end(request, person_id):
    """Someone leaves the team: the row stays, with the day it ended, as history."""
    person = access.get_person_for(request.user, person_id, purpose="change team")
    kind, pk = request.POST.get("kind"), request.POST.get("id")
    if request.POST.get("action") == "contacted":
        records = person.involvements if kind == "involvement" else person.network
        services.record_contact(get_object_or_404(records, pk=pk))
        return redirect("people:detail", person_id=person.pk)
    if kind == "involvement":
        record = get_object_or_404(person.involvements, pk=pk)
        access.check_change_who_sees(request.user, person, "end an involvement")
        try:
            services.end_involvement(record)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    elif kind == "contact":
        services.end_contact(get_object_or_404(person.network, pk=pk))
    return redirect("people:detail", person_id=person.pk)


def note_add(request, person_id):
    person = access.get_person_for(request.user, person_id, "write note", section="notes")
    form = NoteForm(request.POST or None, readers=queries.users_around(person))
    if request.method == "POST" and form.is_valid():
        services.write_note(
            person, request.user, request.membership.organisation, **form.cleaned_data
        )
        messages.success(request, "Note saved.")
        return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, "Write a note", person=person)


def restriction(request, person_id):
    """Restrict a record for a person at risk: only the named users will see it at all."""
    person = access.get_person_for(request.user, person_id, purpose="change restriction")
    access.check_change_who_sees(request.user, person, "change restriction")
    initial = {"restricted": person.restricted, "named": person.restricted_to.all()}
    data = request.POST if request.method == "POST" else None  # an empty form is a choice too
    form = RestrictionForm(data, initial=initial, users=queries.users_around(person))
    if request.method == "POST" and form.is_valid():
        services.set_restriction(person, request.user, **form.cleaned_data)
        messages.success(request, "Restriction saved.")
        return redirect("people:detail", person_id=person.pk)
    return form_page(request, form, "Restrict this record", person=person, explain=RESTRICT)


def sharing(request, person_id):
    """The person's sharing ledger, in plain English."""
    person = access.get_person_for(request.user, person_id, purpose="view sharing")
    ledger = person.consents.select_related("organisation", "decided_by", "revoked_by")
    context = {
        "person": person,
        "ledger": ledger,
        "changes_access": access.may_change_who_sees(request.user, person),
    }
    return render(request, "people/sharing.html", context)


def sharing_add(request, person_id):
    person = access.get_person_for(request.user, person_id, purpose="record sharing")
    access.check_change_who_sees(request.user, person, "record sharing")
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_sharing(person, request.user, **form.cleaned_data)
        messages.success(request, f"Sharing with {form.cleaned_data['organisation']} recorded.")
        return redirect("people:sharing", person_id=person.pk)
    return form_page(
        request,
        form,
        "Share with an organisation",
        person=person,
        back=("people:sharing", "Back to sharing"),
        explain=SHARE,
    )


@require_POST
def sharing_revoke(request, person_id, consent_id):
    person = access.get_person_for(request.user, person_id, purpose="revoke sharing")
    consent = get_object_or_404(person.consents, pk=consent_id, revoked_at=None)
    access.check_change_who_sees(request.user, person, "revoke sharing")
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.revoke_sharing(consent, request.user, form.cleaned_data["reason"])
        messages.success(request, f"Sharing with {consent.organisation} has ended.")
    else:
        messages.error(request, "Say why sharing is ending.")
    return redirect("people:sharing", person_id=person.pk)


@administrators_only
def subject_access(request, person_id):
    """Everything held about a person, as JSON or a readable page, for a subject access request."""
    reference = request.GET.get("reference", "").strip()
    if not reference:
        return render(request, "people/subject_access_form.html", {"person_id": person_id})
    person = access.get_person_for_subject_access(request.user, person_id, reference)
    data = subject_access_export.export(person)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2})
        name = f"subject-access-{person.pk}-{slugify(reference)}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"person": person, "data": data, "reference": reference}
    return render(request, "people/subject_access.html", context)
