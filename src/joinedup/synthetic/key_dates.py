"""Key dates in the synthetic area that agree with where each person is.

A release from prison belongs to someone in custody, a discharge from hospital to someone in
hospital: the loader drafts a plan's key date before the front door knows where the person is
now, so once their by-name list status is written, this puts the two in step. A release is
given to everyone in custody or hospital who has none; a release or discharge drafted for
someone who is neither becomes another kind of key date. 'A peer mentor at the gate' meets
people only at a prison gate. Each person draws from their own random stream ("key-dates"),
so no other figure of the area moves.
"""

from datetime import timedelta

from joinedup.plans.models import Transition
from joinedup.referrals.models import ListStatus
from joinedup.synthetic.lives import rng_for

RELEASE = {
    ListStatus.IN_CUSTODY: Transition.Kind.PRISON_RELEASE,
    ListStatus.IN_HOSPITAL: Transition.Kind.HOSPITAL_DISCHARGE,
}
#: Key dates that need the person to be somewhere first.
LEAVING_A_PLACE = set(RELEASE.values())
OTHER_KINDS = [
    Transition.Kind.TENANCY_END,
    Transition.Kind.NOTICE_TO_QUIT,
    Transition.Kind.SERVICE_END,
]
AT_THE_GATE = "A peer mentor at the gate"
WHO_MEETS = {
    Transition.Kind.PRISON_RELEASE: ["", "Their co-ordinator", AT_THE_GATE],
    Transition.Kind.HOSPITAL_DISCHARGE: ["", "Their co-ordinator", "The ward's discharge nurse"],
}
WHERE_LIVING = {
    Transition.Kind.PRISON_RELEASE: ["", "Harbour Hostel, room 12", "Approved premises, Quayside"],
    Transition.Kind.HOSPITAL_DISCHARGE: ["", "Harbour Hostel, room 12", "A flat in Quayside"],
}


def _meets(kind: str, who: str) -> str:
    return (
        "Their co-ordinator"
        if who == AT_THE_GATE and kind != Transition.Kind.PRISON_RELEASE
        else who
    )


def align(area, people: list[tuple[int, int, str]]) -> None:
    """`people` holds (life index, person id, status now) for everyone the front door wrote."""
    ids = [pid for _, pid, _ in people]
    drafted: dict[int, list[Transition]] = {}
    for t in Transition.objects.filter(person_id__in=ids).order_by("happens_on", "id"):
        drafted.setdefault(t.person_id, []).append(t)
    changed, made = [], []
    for index, pid, status in people:
        rng = rng_for(area.seed, index, "key-dates")
        wanted = RELEASE.get(status)
        mine = drafted.get(pid, [])
        for t in mine:
            if t.kind in LEAVING_A_PLACE and t.kind != wanted:
                t.kind = rng.choice(OTHER_KINDS)
                changed.append(t)
            elif t.who_meets != _meets(t.kind, t.who_meets):
                changed.append(t)
            t.who_meets = _meets(t.kind, t.who_meets)
        if wanted and not any(t.kind == wanted for t in mine):
            made.append(
                Transition(
                    person_id=pid,
                    kind=wanted,
                    happens_on=area.today + timedelta(days=rng.randint(3, 40)),
                    where_living=rng.choice(WHERE_LIVING[wanted]),
                    who_meets=rng.choice(WHO_MEETS[wanted]),
                )
            )
    Transition.objects.bulk_update(changed, ["kind", "who_meets"], batch_size=1000)
    Transition.objects.bulk_create(made, batch_size=1000)
