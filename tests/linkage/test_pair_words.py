"""The pair page says what is true of a pair (issue 19 item 8): its score against the run's
threshold and why its records are, or are not, linked to one person. The empty linkage page
says what an extract needs and offers a sample file."""

import csv
import io

from django.urls import reverse

from joinedup.linkage.models import Link, ReviewPair, Run, SourceRecord
from joinedup.linkage.prepare import CONTRACT
from joinedup.people.models import Person
from tests.linkage.conftest import analyst  # noqa: F401


def record(source_id):
    return SourceRecord.objects.create(source="housing", source_id=source_id, first_name="Ann")


def pair_page(client, a, b, probability=0.86):
    run = Run.objects.create(match_threshold=0.9, review_threshold=0.5)
    pair = ReviewPair.objects.create(run=run, record_a=a, record_b=b, probability=probability)
    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    return page[page.index('data-testid="score"') : page.index("The two records side by side")]


def test_a_pair_below_the_threshold_linked_through_others_says_so(signed_in, analyst):  # noqa: F811
    a, b = record("H1"), record("H2")
    ann = Person.objects.create(first_name="Ann", last_name="Example")
    Link.objects.create(record=a, person=ann)
    Link.objects.create(record=b, person=ann)
    text = pair_page(signed_in(analyst), a, b)
    assert "Match score 0.86, below the 0.90 this run needs" in text
    assert "not because of this pair" in text


def test_a_pair_linked_to_two_people_says_so(signed_in, analyst):  # noqa: F811
    a, b = record("H1"), record("H2")
    for rec in (a, b):
        Link.objects.create(record=rec, person=Person.objects.create(first_name="X"))
    text = pair_page(signed_in(analyst), a, b)
    assert "linked to different people now" in text
    assert "same person now" not in text


def test_a_pair_nobody_is_linked_to_does_not_claim_a_link(signed_in, analyst):  # noqa: F811
    text = pair_page(signed_in(analyst), record("H1"), record("H2"), probability=0.95)
    assert "at or above this run&#x27;s threshold of 0.90" in text
    assert "Neither record is linked to anyone yet" in text


def test_the_empty_linkage_page_says_what_an_extract_needs(signed_in, analyst):  # noqa: F811
    client = signed_in(analyst)
    page = client.get(reverse("linkage:home")).content.decode()
    columns = page[page.index('data-testid="extract-columns"') :]
    assert '<details class="govuk-details" open data-testid="extract-columns">' in page
    for name in CONTRACT:
        assert f"<code>{name}</code>" in columns
    sample = client.get(reverse("linkage:sample"))
    rows = list(csv.reader(io.StringIO(sample.content.decode("utf-8-sig"))))
    assert rows[0] == CONTRACT and len(rows) > 2
