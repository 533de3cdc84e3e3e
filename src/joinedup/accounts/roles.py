"""The roles people hold in an organisation, and what each role may do.

A role is data, not scattered `if` statements: the navigation, the second-factor rule and
the access layer all read these definitions.
"""

from dataclasses import dataclass

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Co-ordinator"
    PRACTITIONER = "practitioner", "Practitioner"
    PANEL_MEMBER = "panel_member", "Panel member"
    COMMISSIONER = "commissioner", "Commissioner"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"


@dataclass(frozen=True)
class RoleRules:
    #: Sees named people through their organisation's involvement or a consent record.
    sees_personal_data: bool
    #: Sees the people on the agenda of a panel their organisation sits on.
    sees_panel_agenda: bool = False
    #: Manages organisations, memberships and reads the access log.
    administers: bool = False
    #: Runs a service: opens its self-assessment rounds.
    manages_service: bool = False
    #: Follows people as a co-ordinator, or manages those who do: sees caseloads.
    sees_caseloads: bool = False
    #: Does the area's record linkage: imports agency extracts, runs and reviews linkage.
    links_records: bool = False
    #: May share a referral beyond the ledger, with a recorded reason (never with their own
    #: organisation): the one role the widening rule in `people.access` names.
    overrides_sharing: bool = False


RULES: dict[str, RoleRules] = {
    Role.COORDINATOR: RoleRules(
        sees_personal_data=True, sees_caseloads=True, overrides_sharing=True
    ),
    Role.PRACTITIONER: RoleRules(sees_personal_data=True),
    Role.PANEL_MEMBER: RoleRules(
        sees_personal_data=True, sees_panel_agenda=True, overrides_sharing=True
    ),
    Role.PROVIDER_MANAGER: RoleRules(
        sees_personal_data=True, manages_service=True, sees_caseloads=True
    ),
    Role.ADMINISTRATOR: RoleRules(
        sees_personal_data=True,
        administers=True,
        manages_service=True,
        sees_caseloads=True,
        links_records=True,
        overrides_sharing=True,
    ),
    # Commissioners and analysts work with counts and costs, never named people.
    Role.COMMISSIONER: RoleRules(sees_personal_data=False),
    Role.ANALYST: RoleRules(sees_personal_data=False, links_records=True),
}


def rules(role: str) -> RoleRules:
    return RULES[Role(role)]
