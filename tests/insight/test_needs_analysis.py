"""The needs analysis against hand-worked figures on a small area (threshold 5 here)."""

from datetime import date, timedelta

import pytest

from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.insight import domains
from joinedup.insight.needs import Period
from joinedup.insight.needs_report import NeedsAnalysis
from joinedup.people.models import Involvement, Person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
PERIOD = Period(date(2025, 7, 1), date(2026, 7, 1))


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.SMALL_NUMBERS_THRESHOLD = 5
    settings.SMALL_NUMBERS_ROUND_TO = 0


@pytest.fixture
def area():
    Locality.objects.create(
        code="A1", name="Quayside", population=1000, deprivation_decile=1, postcode_district="RV1"
    )
    Locality.objects.create(
        code="A2", name="Upper Vale", population=2000, deprivation_decile=9, postcode_district="RV2"
    )
    orgs = {
        kind: Organisation.objects.create(name=f"Org {kind}", kind=kind, sector="public")
        for kind in ("housing_provider", "police", "drug_alcohol_service", "other")
    }

    def people(n, kinds, postcode="RV1 1AA", sex="M", on=date(2026, 2, 10), born=1990):
        made = []
        for i in range(n):
            p = Person.objects.create(
                first_name=f"P{i}", last_name="Test", sex=sex, postcode=postcode,
                date_of_birth=date(born, 1, 1), ethnicity="white",
            )  # fmt: skip
            for kind in kinds:
                org = orgs["other"]
                ServiceUseEvent.objects.create(
                    person=p, organisation=org, kind=kind, category="other", occurred_on=on
                )
            made.append(p)
        return made

    people(12, ["hostel_night"])  # homelessness only
    people(6, ["hostel_night", "court_appearance"], sex="F")  # homelessness and offending
    people(5, ["hostel_night", "court_appearance", "treatment_episode"])  # all three
    people(2, ["court_appearance"], postcode="RV2 3BB")  # offending only, elsewhere
    area_people = people
    # Outside the period, and a kind no rule names: not counted.
    people(3, ["hostel_night"], on=date(2025, 6, 30))
    people(4, ["gp_appointment"])
    orgs["people"] = area_people
    return orgs


def test_overlaps_match_the_hand_worked_counts(area):
    analysis = NeedsAnalysis(PERIOD)
    assert analysis.people == 25
    combos = {c["label"]: c["people"] for c in analysis.combinations}
    # The 2 offending-only people are hidden; the other single-domain figure goes with them,
    # else "one domain: 14" in the breakdowns would give the 2 away.
    assert combos == {
        "Homelessness only": "5 or more",
        "Offending only": "fewer than 5",
        "Homelessness and offending": 6,
        "Homelessness, drug or alcohol use and offending": 5,
    }
    assert [r["people"] for r in analysis.spread] == [14, 6, 5]
    profile = analysis.core_profile
    assert [r["people"] for r in profile] == [14, 6, 5]
    assert [r["share"] for r in profile] == [56, 24, 20]  # 14, 6 and 5 of 25
    assert [str(r["national"]) for r in profile] == ["62.1", "28.0", "9.9"]


def test_a_small_ward_is_hidden_and_with_two_wards_so_is_the_other(area):
    wards = {r["label"]: r for r in NeedsAnalysis(PERIOD).localities.rows}
    assert wards["Upper Vale"]["people"] == "fewer than 5"
    # The area's total (25) is shown: Quayside's 23 would give the 2 away.
    assert wards["Quayside"]["people"] == "5 or more"
    assert wards["Upper Vale"]["rate"] is None and wards["Quayside"]["rate"] is None


def test_rates_per_1000_adults_by_ward(area):
    area["people"](3, ["court_appearance"], postcode="RV2 3BB")
    wards = {r["label"]: r for r in NeedsAnalysis(PERIOD).localities.rows}
    assert wards["Quayside"]["people"] == 23
    assert str(wards["Quayside"]["rate"]) == "23.0"  # 23 of 1,000 adults
    assert wards["Upper Vale"]["people"] == 5
    assert str(wards["Upper Vale"]["rate"]) == "2.5"  # 5 of 2,000


def test_a_wards_own_page_counts_only_its_people(area):
    place = Locality.objects.get(code="A2")
    analysis = NeedsAnalysis(PERIOD, place)
    assert analysis.people == 2
    assert [c["people"] for c in analysis.combinations] == ["fewer than 5"]


def test_by_sex_with_rates_from_the_shipped_shares(area):
    rows = {r["label"]: r for r in NeedsAnalysis(PERIOD).by_sex.rows}
    # 3,000 adults, 50.4% women: 1,512. Six women, all in two domains.
    assert rows["Female"]["people"] == 6 and rows["Female"]["population"] == 1512
    assert str(rows["Female"]["rate"]) == "4.0"
    assert rows["Male"]["people"] == 19


def test_quarters_and_flows(area):
    analysis = NeedsAnalysis(PERIOD)
    by_quarter = {q["quarter"]: q for q in analysis.quarters}
    assert by_quarter["2026 Q1"]["cells"] == [14, 6, 5]
    assert by_quarter["2025 Q4"]["people"] == 0
    flows = {f["quarter"]: f for f in analysis.flows}
    assert flows["2026 Q1"]["new"] == 11  # 6 + 5 in two or more domains, first seen
    assert flows["2026 Q2"]["left"] == 11


def test_an_agency_that_knows_a_person_places_them_in_its_domain(area):
    """Five of the homelessness-only people are worked with by a drug and alcohol service in
    the period: they are in two domains now. An involvement that ended before the period, or
    with an organisation whose kind places nobody, adds nothing; quarters count service use."""
    treatment = area["drug_alcohol_service"]
    homeless_only = (
        Person.objects.filter(service_use__kind="hostel_night")
        .exclude(service_use__kind="court_appearance")
        .filter(service_use__occurred_on__gte=PERIOD.start)[:7]
    )
    for i, p in enumerate(homeless_only):
        if i < 5:
            Involvement.objects.create(person=p, organisation=treatment, role="Key worker",
                                       started_on=date(2024, 1, 1))  # fmt: skip
        elif i == 5:
            Involvement.objects.create(
                person=p,
                organisation=treatment,
                role="Key worker",
                started_on=date(2024, 1, 1),
                ended_on=date(2025, 6, 1),
            )
        else:
            Involvement.objects.create(person=p, organisation=area["other"], role="Support",
                                       started_on=date(2026, 1, 1))  # fmt: skip
    analysis = NeedsAnalysis(PERIOD)
    combos = {c["label"]: c["people"] for c in analysis.combinations}
    assert combos["Homelessness and drug or alcohol use"] == 5
    assert [r["people"] for r in analysis.spread] == [9, 11, 5]
    by_quarter = {q["quarter"]: q for q in analysis.quarters}
    assert by_quarter["2026 Q1"]["cells"] == [14, 6, 5]


def test_every_rule_is_written_once_with_its_words():
    assert [d.key for d in domains.CORE] == ["homelessness", "substance_misuse", "offending"]
    assert all(d.words and d.kinds for d in domains.DOMAINS)
    assert domains.label(domains.BITS["homelessness"] | domains.BITS["offending"]) == (
        "Homelessness and offending"
    )


def test_no_quarter_is_read_twice_and_the_period_is_half_open():
    period = Period.last_years(1, today=TODAY)
    assert period.start == date(2025, 7, 1) and period.end == TODAY + timedelta(days=1)
