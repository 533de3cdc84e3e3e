"""The service navigation, by role. Each item names who sees it through the role's rules."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    shown_to: Callable = lambda rules: True


ITEMS = [
    NavItem("Home", "home"),
    NavItem("People", "people:list", lambda r: r.sees_personal_data),
    NavItem("Referrals", "referrals:list", lambda r: r.sees_personal_data),
    NavItem("Panel", "referrals:panel", lambda r: r.sees_panel_agenda),
    NavItem("Caseloads", "referrals:caseloads", lambda r: r.sees_caseloads),
    NavItem("By-name list", "referrals:by-name-list"),
    NavItem("Organisations", "directory:organisations"),
    NavItem("Fragmentation", "fragmentation", lambda r: not r.sees_personal_data or r.administers),
    NavItem("Linkage", "linkage:home", lambda r: r.links_records),
    NavItem("Unit costs", "costs:register", lambda r: not r.sees_personal_data or r.administers),
    NavItem(
        "Commissioning",
        "commissioning:index",
        lambda r: not r.sees_personal_data or r.administers or r.manages_service,
    ),
    NavItem("Distance travelled", "measures:distance"),
    NavItem(
        "Outcome frameworks",
        "outcomes:list",
        lambda r: not r.sees_personal_data or r.administers,
    ),
    NavItem("Barriers", "assessment:barriers"),
    NavItem("Self-assessment", "assessment:rounds"),
    NavItem("Instruments", "measures:instruments", lambda r: r.administers),
    NavItem("Accounts", "accounts:team", lambda r: r.administers),
    NavItem("Access log", "audit:log", lambda r: r.administers),
]


def items_for(membership, current_path: str) -> list[dict]:
    if membership is None:
        return []
    shown = []
    for item in ITEMS:
        if not item.shown_to(membership.rules):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        shown.append({"label": item.label, "url": url, "active": active})
    return shown


PERSON_ITEMS = [
    NavItem("My plan", "me"),
    NavItem("My team", "me-team"),
    NavItem("How I am doing", "me-measures"),
    NavItem("Who sees my record", "me-sharing"),
    NavItem("Who has looked", "me-seen"),
]


def person_items(current_path: str) -> list[dict]:
    """The navigation of a person signed in to their own view."""
    return [
        {
            "label": i.label,
            "url": reverse(i.url_name),
            "active": current_path == reverse(i.url_name),
        }
        for i in PERSON_ITEMS
    ]
