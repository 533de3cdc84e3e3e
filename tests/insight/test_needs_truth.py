"""On a synthetic area the derived overlap shares match the generator's hidden truth within 3
points. The test reads the truth files; the product never does (it sees only the database).

The truth is which domains each person really had episodes in (`episodes.csv`): the generator
also gives people homelessness after a release from custody or a discharge from hospital,
which `people.csv`'s starting domains do not list, and agencies' records rightly show it."""

import csv
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from joinedup.insight.domains import CORE
from joinedup.insight.needs import Period
from joinedup.insight.needs_report import NeedsAnalysis
from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def test_the_derived_overlap_shares_match_the_hidden_truth(tmp_path, settings):
    settings.SMALL_NUMBERS_THRESHOLD = 10
    generate(people=800, seed=7, today=TODAY, out=tmp_path, load=True)
    core = {d.key for d in CORE}
    truth = defaultdict(set)
    with (tmp_path / "episodes.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            if row["domain"] in core:
                truth[row["person_key"]].add(row["domain"])
    spread = Counter(len(domains) for domains in truth.values())
    total = sum(spread.values())
    true_shares = [100 * spread[k] / total for k in (1, 2, 3)]

    years = Period(date(TODAY.year - 6, 1, 1), TODAY + timedelta(days=1))
    profile = NeedsAnalysis(years).core_profile
    derived = [row["share"] for row in profile]
    assert all(isinstance(s, int) for s in derived)
    for got, want in zip(derived, true_shares, strict=True):
        assert abs(got - want) <= 3, (derived, true_shares)
    assert abs(true_shares[0] - float(profile[0]["national"])) < 10  # a Hard Edges-shaped area
