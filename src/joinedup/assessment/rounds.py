"""Self-assessment rounds: opening them, taking responses, and adding the results up."""

import secrets
from collections import Counter
from dataclasses import dataclass
from statistics import mean

from django.db import transaction

from joinedup.assessment.models import Element, Rating, Response, Round

#: Fewer service-user responses than this and their figures are not shown.
MIN_RESPONSES = 3


def open_round(user, organisation, *, framework, service, directory_service=None) -> Round:
    """`service` names it; `directory_service` links the directory's entry when there is one."""
    return Round.objects.create(
        framework=framework,
        organisation=organisation,
        service=service or (directory_service.name if directory_service else ""),
        directory_service=directory_service,
        opened_by=user,
        public_token=secrets.token_urlsafe(24),
    )


@transaction.atomic
def submit(
    round_: Round, kind: str, ratings: dict[int, dict], *, author=None, for_team=False
) -> Response:
    """Save one response: `ratings` maps element id to level (and target, evidence ...)."""
    response = Response.objects.create(round=round_, kind=kind, author=author, for_team=for_team)
    Rating.objects.bulk_create(
        Rating(response=response, element_id=element_id, **fields)
        for element_id, fields in ratings.items()
    )
    return response


@dataclass
class ElementResult:
    element: Element
    staff: float | None
    service_users: float | None
    previous_staff: float | None
    target: float | None
    helps: list[str]
    hinders: list[str]

    @staticmethod
    def tally(remarks: list[str]) -> list[str]:
        """The same remark made by several people is shown once, with how many said it."""
        counted = Counter(remarks).most_common()
        return [f"{text} ({n})" if n > 1 else text for text, n in counted]

    @property
    def helps_tallied(self) -> list[str]:
        return self.tally(self.helps)

    @property
    def hinders_tallied(self) -> list[str]:
        return self.tally(self.hinders)

    @property
    def gap(self) -> float | None:
        if self.staff is None or self.service_users is None:
            return None
        return round(self.staff - self.service_users, 2)

    @property
    def change(self) -> float | None:
        if self.staff is None or self.previous_staff is None:
            return None
        return round(self.staff - self.previous_staff, 2)


def _means(round_: Round, kind: str) -> tuple[dict, dict, dict, dict, int]:
    ratings = Rating.objects.filter(response__round=round_, response__kind=kind)
    levels, targets, helps, hinders = {}, {}, {}, {}
    for r in ratings:
        levels.setdefault(r.element_id, []).append(r.level)
        if r.target is not None:
            targets.setdefault(r.element_id, []).append(r.target)
        if r.helps:
            helps.setdefault(r.element_id, []).append(r.helps)
        if r.hinders:
            hinders.setdefault(r.element_id, []).append(r.hinders)
    count = round_.responses.filter(kind=kind).count()
    avg = {k: round(mean(v), 2) for k, v in levels.items()}
    return avg, {k: round(mean(v), 2) for k, v in targets.items()}, helps, hinders, count


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(
            organisation=round_.organisation,
            service=round_.service,
            framework__key=round_.framework.key,
            opened_on__lt=round_.opened_on,
        )
        .order_by("-opened_on")
        .first()
    )


def results(round_: Round) -> dict:
    """Per element: staff and service-user means side by side, change, helps and hinders."""
    staff, targets, helps, hinders, n_staff = _means(round_, Response.Kind.STAFF)
    users, _, user_helps, user_hinders, n_users = _means(round_, Response.Kind.SERVICE_USER)
    earlier = previous_round(round_)
    before = _means(earlier, Response.Kind.STAFF)[0] if earlier else {}
    shown_users = n_users >= MIN_RESPONSES
    rows = [
        ElementResult(
            element=e,
            staff=staff.get(e.pk),
            service_users=users.get(e.pk) if shown_users else None,
            previous_staff=before.get(e.pk),
            target=targets.get(e.pk),
            helps=helps.get(e.pk, []) + (user_helps.get(e.pk, []) if shown_users else []),
            hinders=hinders.get(e.pk, []) + (user_hinders.get(e.pk, []) if shown_users else []),
        )
        for e in round_.framework.elements.all()
    ]
    return {
        "rows": rows,
        "staff_responses": n_staff,
        "service_user_responses": n_users,
        "service_users_shown": shown_users,
        "previous": earlier,
    }
