"""Pools by year, the cycle, and reminders, worked by hand."""

from datetime import date
from decimal import Decimal

from joinedup.commissioning import queries
from joinedup.commissioning.models import BreakClause, Contribution, Exercise, Payment, PooledBudget


def test_a_pools_year_adds_up_contributions_commitments_and_spend(pbr, housing, adults, prime):
    pool = PooledBudget.objects.create(name="Pool", purpose="P", governance="G", host=housing)
    Contribution.objects.create(
        budget=pool, commissioner=housing, year=2026, amount=Decimal("240000")
    )
    Contribution.objects.create(
        budget=pool, commissioner=adults, year=2026, amount=Decimal("160000")
    )
    pbr.budget = pool
    pbr.save()
    party = pbr.parties.get(organisation=prime)
    Payment.objects.create(
        contract=pbr,
        party=party,
        kind="upfront",
        paid_on=date(2026, 4, 10),
        amount=Decimal("50000"),
    )
    Payment.objects.create(
        contract=pbr,
        party=party,
        kind="instalment",
        paid_on=date(2027, 3, 31),
        amount=Decimal("25000.50"),
    )
    Payment.objects.create(
        contract=pbr, party=party, kind="instalment", paid_on=date(2027, 4, 1), amount=Decimal("99")
    )
    (year,) = queries.pool_years(pool)
    assert year.label == "2026-27"
    assert year.total == Decimal("400000")
    assert [(str(who), amount, share) for who, amount, share in year.contributions] == [
        ("Council Housing Options", Decimal("240000"), Decimal("0.6000")),
        ("Council Adult Social Care", Decimal("160000"), Decimal("0.4000")),
    ]
    # April 2027 falls in the next financial year.
    assert year.spent == Decimal("75000.50")
    # 12 of the contract's 36 months fall in 2026-27: a third of £1,000,000.
    assert year.committed == Decimal("333333.33")
    assert year.left == Decimal("324999.50")


def test_the_cycle_moves_on_as_each_step_is_done(pbr, housing, indicator):
    exercise = Exercise.objects.create(name="E", commissioner=housing)
    assert queries.stage(exercise) == "analyse"
    exercise.needs = "62% in one domain only"
    assert queries.stage(exercise) == "plan"
    exercise.framework = indicator.outcome.domain.version
    exercise.save()
    assert queries.stage(exercise) == "do"
    pbr.exercise = exercise
    pbr.status = "live"
    pbr.save()
    assert queries.stage(exercise) == "review"
    steps = queries.cycle(exercise)
    assert [(s["key"], s["done"], s["current"]) for s in steps] == [
        ("analyse", True, False),
        ("plan", True, False),
        ("do", True, False),
        ("review", False, True),
    ]


def test_reminders_come_before_notice_is_due_and_before_the_term_ends(pbr):
    pbr.status = "live"
    pbr.save()
    BreakClause.objects.create(contract=pbr, on=date(2028, 3, 31), notice_days=90, remind_days=30)
    contracts = type(pbr).objects.all()
    assert queries.reminders(contracts, today=date(2027, 12, 1)) == []
    (due,) = queries.reminders(contracts, today=date(2027, 12, 2))
    assert due.words == "Break on 31 March 2028: give notice by 1 January 2028 to use it"
    (late,) = queries.reminders(contracts, today=date(2028, 2, 1))
    assert late.words.startswith("Break on 31 March 2028: notice was due by 1 January 2028")
    ending = queries.reminders(contracts, today=date(2028, 10, 1))
    assert [r.words.split(":")[0] for r in ending] == ["The term ends on 31 March 2029"]
