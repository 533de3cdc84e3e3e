"""Readings over time and personal outcomes for the synthetic area: journey-of-change and
wellbeing readings that improve more for co-ordinated people than for others (as their NDT
scores ease), with some who get worse, and 'what matters to me' goals rated as time goes on.

Each person's draws come from their own streams, so adding readings changes nothing else."""

from datetime import date, timedelta

from joinedup.measures import instruments as measures
from joinedup.measures.models import Assessment
from joinedup.plans.models import Completed, OutcomeRating, PersonalOutcome
from joinedup.synthetic.lives import Life, rng_for

#: Journey-of-change areas each domain of need weighs on: these start low.
AREAS_BY_DOMAIN = {
    "homelessness": ("accommodation", "managing_tenancy"),
    "substance_misuse": ("drugs_alcohol",),
    "offending": ("offending",),
    "mental_health": ("mental_health",),
    "domestic_abuse": ("safety", "relationships"),
}

#: What matters to people, in words like theirs (our own, made up).
GOALS = [
    ("A place of my own with a door I can lock", "housing"),
    ("See my kids every week", "relationships"),
    ("Stop using and stay stopped", "treatment"),
    ("Feel less anxious when I go out", "health"),
    ("Sort out my debts", "money"),
    ("Stay out of prison", "justice"),
    ("Get back into work or volunteering", "work"),
    ("Feel safe at home", "safety"),
]

CO = Completed


def ndt_path(area, life: Life, start: int, readings: int) -> list[int]:
    """NDT totals over a co-ordinated person's readings: easing on average, not for everyone."""
    rng = rng_for(area.seed, life.index, "ndt-path")
    path, now = [start], start
    for _ in range(readings - 1):
        now = max(4, min(48, now - rng.randint(-3, 6)))
        path.append(now)
    return path


class Readings:
    """Records readings and outcomes for one batch of people, given the loader's lookups."""

    def __init__(self, area, organisations):
        self.area, self.organisations = area, organisations
        self.ndt_instrument = measures.get("ndt")
        self.journey = measures.get("journey")
        self.wellbeing = measures.get("swemwbs")
        self.satisfaction = measures.get("satisfaction")
        self.journey_items = [i.code for i in self.journey.items.all()]
        self.wellbeing_items = [i.code for i in self.wellbeing.items.all()]
        self.spec = area.params["readings"]

    # The NDT ------------------------------------------------------------------------------

    def ndt(self, rng, life, person) -> int:
        """NDT scores at referral and every few months after: high at first, easing with help
        for most (not all). Returns the first, which the panel saw."""
        start = 14 + len(life.domains) * 5 + rng.randint(-3, 5)  # most start near the threshold
        day = life.coordinated_from - timedelta(days=14)
        for target in ndt_path(self.area, life, start, 4):
            if day > self.area.today:
                break
            self.score_ndt(rng, person, target, day)
            day += timedelta(days=rng.randint(80, 120))
        return start

    def score_ndt_on(self, person, target: int, day) -> None:
        self.score_ndt(rng_for(self.area.seed, person.pk, "ndt"), person, target, day)

    def score_ndt(self, rng, person, target: int, day) -> None:
        """An NDT assessment adding up to about `target`, item by item within each item's scale."""
        items = list(self.ndt_instrument.items.all())
        values = {i.code: i.scores[0] for i in items}
        order = list(range(len(items)))
        while sum(values.values()) < target and order:
            pick = rng.choice(order)
            item = items[pick]
            position = item.scores.index(values[item.code])
            if position + 1 < len(item.scores):
                values[item.code] = item.scores[position + 1]
            else:
                order.remove(pick)
        coordination = self.organisations[self.area.params["coordination"]["organisation"]]
        measures.record(self.ndt_instrument, person, values, on=day, organisation=coordination)

    # Journey of change, wellbeing and personal outcomes ------------------------------------

    def days(self, rng, first: date) -> list[date]:
        day, out = first, []
        while day <= self.area.today and len(out) < self.spec["most_readings"]:
            out.append(day)
            day += timedelta(days=rng.randint(*self.spec["every_days"]))
        return out

    def record(self, life: Life, person, organisation_key: str, *, coordinated: bool) -> None:
        rng = rng_for(self.area.seed, life.index, "readings")
        if coordinated:
            first = life.coordinated_from - timedelta(days=14)
        else:
            first = self.area.today - timedelta(days=rng.randint(120, 700))
        days = self.days(rng, first)
        organisation = self.organisations[organisation_key]
        kind = "coordinated" if coordinated else "other"
        self._journey(rng, life, person, days, organisation, self.spec[f"{kind}_gain"])
        self._wellbeing(rng, person, days, organisation, self.spec[f"wellbeing_{kind}_gain"])
        if coordinated and days:
            self._satisfaction(rng, person, days[-1], organisation)

    def _journey(self, rng, life, person, days, organisation, gain) -> None:
        low = {a for d in life.domains for a in AREAS_BY_DOMAIN.get(d, ())}
        now = {c: rng.randint(2, 4) if c in low else rng.randint(4, 7) for c in self.journey_items}
        for n, day in enumerate(days):
            if n:
                for c in now:
                    now[c] = max(1, min(10, now[c] + rng.choice(gain)))
            theirs = {}
            if n == 0 and rng.random() < self.spec["disagree_share"]:
                area = rng.choice(sorted(low or now))
                theirs = {area: max(1, min(10, now[area] + rng.choice([-2, 2])))}
            measures.record(
                self.journey, person, dict(now), on=day, organisation=organisation,
                completed_by=Assessment.CompletedBy.TOGETHER if theirs or n % 2 == 0
                else Assessment.CompletedBy.PERSON,
                person_view=theirs, require_all=False,
            )  # fmt: skip

    def _wellbeing(self, rng, person, days, organisation, gain) -> None:
        now = {c: rng.randint(1, 3) for c in self.wellbeing_items}
        for n, day in enumerate(days):
            if n:
                for c in now:
                    now[c] = max(1, min(5, now[c] + rng.choice(gain)))
            measures.record(
                self.wellbeing, person, dict(now), on=day, organisation=organisation,
                completed_by=Assessment.CompletedBy.PERSON, require_all=False,
            )  # fmt: skip

    def _satisfaction(self, rng, person, day, organisation) -> None:
        values = {i.code: rng.choice(i.scores[1:]) for i in self.satisfaction.items.all()}
        measures.record(
            self.satisfaction, person, values, on=day, organisation=organisation,
            completed_by=Assessment.CompletedBy.PERSON, require_all=False,
        )  # fmt: skip

    def outcomes(self, life: Life, plan) -> None:
        """Two or three goals in the person's words, linked to steps of the same part of life,
        rated every couple of months: mostly by the person, now and then by their worker too."""
        rng = rng_for(self.area.seed, life.index, "personal-outcomes")
        steps = list(plan.steps.all())
        ratings = []
        for position, (words, part) in enumerate(rng.sample(GOALS, rng.randint(2, 3)), start=1):
            outcome = PersonalOutcome.objects.create(
                plan=plan, words=words, position=position, written_by=CO.PERSON,
                created_at=plan.created_at,
            )  # fmt: skip
            outcome.steps.set([s for s in steps if s.area == part])
            rating = rng.randint(1, 3)
            for n, day in enumerate(self.days(rng, life.coordinated_from)):
                if n:
                    rating = max(1, min(10, rating + rng.choice([-1, 0, 1, 1, 2])))
                ratings.append(OutcomeRating(outcome=outcome, rated_on=day, rating=rating,
                                             rated_by=CO.PERSON))  # fmt: skip
                if rng.random() < self.spec["worker_also_rates_share"]:
                    seen = max(1, min(10, rating + rng.choice([-2, -1, 1])))
                    ratings.append(OutcomeRating(outcome=outcome, rated_on=day, rating=seen,
                                                 rated_by=CO.WORKER))  # fmt: skip
        OutcomeRating.objects.bulk_create(ratings)
