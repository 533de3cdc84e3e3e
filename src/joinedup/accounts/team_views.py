"""Administrators look after the accounts of their own organisations: invite, roles, unlock."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.accounts import services
from joinedup.accounts.decorators import administrators_only
from joinedup.accounts.models import Membership
from joinedup.accounts.team_forms import InviteForm, RoleForm
from joinedup.forms_page import form_page


def _member_or_404(request, user_id):
    try:
        return services.team_for(request.user).get(pk=user_id)
    except (ValueError, services.User.DoesNotExist):
        raise Http404("No such account in your organisations") from None


@administrators_only
def team(request):
    members = services.team_for(request.user).order_by("full_name")
    return render(request, "accounts/team.html", {"members": members})


@administrators_only
def invite(request):
    organisations = services.administered_organisations(request.user)
    form = InviteForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        user = services.invite(**form.cleaned_data)
        request.session["new_link"] = services.set_password_path(user)
        return redirect("accounts:team-member", user_id=user.pk)
    return form_page(
        request,
        form,
        "Create an account",
        back=("accounts:team", "Accounts"),
        explain="You will get a link to give the new user, so they can choose their password. "
        "Roles that see named people set up an authenticator app when they first sign in.",
    )


@administrators_only
def member(request, user_id):
    person = _member_or_404(request, user_id)
    organisations = services.administered_organisations(request.user)
    form = RoleForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        services.add_role(person, form.cleaned_data["organisation"], form.cleaned_data["role"])
        messages.success(request, "Role added.")
        return redirect("accounts:team-member", user_id=person.pk)
    link = request.session.pop("new_link", None)
    context = {
        "member": person,
        "form": form,
        "memberships": person.memberships.select_related("organisation"),
        "has_authenticator": services.confirmed_device(person) is not None,
        "link": request.build_absolute_uri(link) if link else None,
        "administered": set(organisations.values_list("pk", flat=True)),
    }
    return render(request, "accounts/team_member.html", context)


ACTIONS = {
    "reset-second-factor": (
        services.reset_second_factor,
        "They will set up a new authenticator app at their next sign-in.",
    ),
    "unlock": (services.unlock, "Sign-in is unlocked."),
    "deactivate": (lambda u: services.set_active(u, False), "The account can no longer sign in."),
    "reactivate": (lambda u: services.set_active(u, True), "The account can sign in again."),
}


@administrators_only
@require_POST
def member_action(request, user_id):
    person = _member_or_404(request, user_id)
    action = request.POST.get("action")
    if action == "new-link":
        request.session["new_link"] = services.set_password_path(person)
    elif action == "end-role":
        membership = Membership.objects.filter(
            pk=request.POST.get("membership"),
            user=person,
            organisation__in=services.administered_organisations(request.user),
        ).first()
        if membership is None:
            raise Http404("No such role")
        services.end_role(membership)
        messages.success(request, f"{membership} ended.")
    elif action in ACTIONS:
        do, said = ACTIONS[action]
        do(person)
        messages.success(request, said)
    else:
        messages.error(request, "Choose one of the actions on the page.")
    return redirect("accounts:team-member", user_id=person.pk)
