"""Figures worked out ahead of the pages: kept, read again without counting, counted again on
the page when quick and by the worker when slow, and shown through disclosure as they are read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.insight import figures, needs
from joinedup.insight.models import Figures
from joinedup.insight.needs_report import NeedsAnalysis
from joinedup.jobs.models import Job
from joinedup.people.models import Person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    return [
        Locality.objects.create(
            code=f"W{n}",
            name=f"Ward {n}",
            population=1000 * n,
            deprivation_decile=n,
            postcode_district=f"RV{n}",
        )  # fmt: skip
        for n in (1, 2)
    ]


@pytest.fixture
def hostel():
    return Organisation.objects.create(name="Harbour Hostel", kind="charity", sector="social")


def homeless(hostel, n, district="RV1", days_ago=20):
    for i in range(n):
        p = Person.objects.create(first_name=f"H{i}", last_name="Quill",
                                  postcode=f"{district} {i}AA", sex="M")  # fmt: skip
        ServiceUseEvent.objects.create(
            person=p, organisation=hostel, kind="hostel_night", category="housing",
            occurred_on=timezone.localdate() - timedelta(days=days_ago),
        )  # fmt: skip


def test_one_pass_keeps_the_area_and_every_ward(wards, hostel):
    homeless(hostel, 12, "RV1")
    homeless(hostel, 11, "RV2")
    homeless(hostel, 3, "ZZ9")  # lives outside every ward: in the area's figures only
    area = NeedsAnalysis.latest(1)
    assert area.people == 26
    assert {f.key for f in Figures.objects.all()} >= {
        "needs:1:area", f"needs:1:{wards[0].pk}", f"needs:1:{wards[1].pk}"
    }  # fmt: skip
    assert [NeedsAnalysis.latest(1, w).people for w in wards] == [12, 11]
    # The ward's figures from the one pass are those counted for the ward on its own.
    alone = needs.snapshot(needs.Period.last_years(1), wards[1])
    assert NeedsAnalysis.latest(1, wards[1]).counted == alone


def test_kept_figures_are_read_without_counting_again(wards, hostel, django_assert_num_queries):
    homeless(hostel, 12)
    first = NeedsAnalysis.latest(1).worked_out
    # The basis (three look-ups) and the kept row: nothing is counted.
    with django_assert_num_queries(4):
        again = figures.read("needs:1:area")
    assert again.fresh and again.worked_at == first.worked_at


def test_new_records_are_counted_again_on_the_page_when_that_is_quick(wards, hostel):
    homeless(hostel, 12)
    assert NeedsAnalysis.latest(1).people == 12
    homeless(hostel, 2, "RV2")
    latest = NeedsAnalysis.latest(1)
    assert latest.people == 14 and latest.worked_out.fresh
    assert not Job.objects.exists()


def test_slow_figures_are_shown_as_they_were_while_the_worker_counts_again(wards, hostel, settings):
    homeless(hostel, 12)
    NeedsAnalysis.latest(1)
    settings.FIGURES_INLINE_SECONDS = 0  # every set now counts as too slow for a page
    homeless(hostel, 2)
    shown = NeedsAnalysis.latest(1)
    assert shown.people == 12 and not shown.worked_out.fresh
    assert "Records have changed since" in shown.worked_out.words
    assert not Job.objects.exists()  # worked out a moment ago: not asked again yet
    settings.FIGURES_REFRESH_MINUTES = 0
    NeedsAnalysis.latest(1)
    NeedsAnalysis.latest(1)  # a second reader does not queue a second refresh
    job = Job.objects.get(scope=figures.REFRESH_SCOPE)
    assert job.state == Job.State.WAITING
    figures.refresh_figures.call(job_id=job.pk)  # what the worker does with it
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    after = NeedsAnalysis.latest(1)
    assert after.people == 14 and after.worked_out.fresh
    assert NeedsAnalysis.latest(5, wards[0]).worked_out.fresh  # every period and ward


def test_a_new_day_moves_the_period_on(wards, hostel, monkeypatch):
    homeless(hostel, 12, days_ago=364)
    assert NeedsAnalysis.latest(1).people == 12
    later = timezone.localdate() + timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later)
    moved = NeedsAnalysis.latest(1)
    assert moved.people == 0 and moved.period.end == later + timedelta(days=1)


def test_the_threshold_applies_to_kept_figures_at_once(wards, hostel, settings, signed_in):
    homeless(hostel, 7)
    client = signed_in(commissioner())
    settings.SMALL_NUMBERS_THRESHOLD = 5
    assert client.get(reverse("needs:analysis")).context["analysis"].people_shown == 7
    settings.SMALL_NUMBERS_THRESHOLD = 10
    page = client.get(reverse("needs:analysis"))
    assert page.context["analysis"].people_shown == "fewer than 10"
    assert "Worked out at" in page.content.decode()


def commissioner(name="Riverside Housing Options"):
    housing = Organisation.objects.create(name=name, kind="council_department", sector="public")
    return make_user(f"{len(name)}@example.org", housing, Role.COMMISSIONER, device=False)


def test_the_department_view_reads_its_kept_use(wards, hostel, signed_in):
    homeless(hostel, 12)
    page = signed_in(commissioner()).get(reverse("home"))
    rows = page.context["department"]["use"]
    assert rows[0]["kind"] == "Hostel nights" and rows[0]["people"] == 12
    assert Figures.objects.filter(key="department:housing").exists()
    assert "Worked out at" in page.content.decode()


def test_the_command_works_every_set_out(wards, hostel, capsys):
    from django.core.management import call_command

    homeless(hostel, 12)
    call_command("refresh_figures")
    out = capsys.readouterr().out
    keys = set(Figures.objects.values_list("key", flat=True))
    assert {f"needs:{y}:{w.pk}" for y in figures.YEARS for w in wards} <= keys
    assert {"department:all", "department:housing", "department:health"} <= keys
    assert "sets of figures kept" in out and "the needs analysis over 5 years" in out


def test_a_person_moving_ward_is_counted_in_their_new_ward(wards, hostel):
    homeless(hostel, 12, "RV1")
    assert NeedsAnalysis.latest(1, wards[1]).people == 0
    mover = Person.objects.first()
    mover.postcode = "RV2 9ZZ"
    mover.save()
    assert [NeedsAnalysis.latest(1, w).people for w in wards] == [11, 1]


def test_the_outcomes_tile_is_kept_and_counted_again_when_a_reading_is_added():
    from joinedup.insight import area_home
    from joinedup.measures import instruments

    ndt = instruments.get("ndt")
    worst = {i.code: max(i.scores) for i in ndt.items.all()}
    best = {i.code: min(i.scores) for i in ndt.items.all()}

    def improved(n):
        for _ in range(n):
            person = Person.objects.create(first_name="R", last_name="Quill")
            instruments.record(ndt, person, worst, on=timezone.localdate() - timedelta(days=90))
            instruments.record(ndt, person, best, on=timezone.localdate())

    improved(12)
    tile = {t.key: t for t in area_home.tiles(None)}["outcomes"]
    assert tile.figures[0] == ("improved", 12) and "New Directions Team" in tile.title
    assert Figures.objects.filter(key="outcomes:tile").exists()
    improved(1)
    tile = {t.key: t for t in area_home.tiles(None)}["outcomes"]
    assert tile.figures[0][1] == 13
