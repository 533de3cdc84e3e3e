import pytest

from joinedup.linkage import services
from joinedup.linkage.models import Decision, Link, ReviewPair, Run, SourceRecord
from tests.linkage.conftest import extracts


def load_all():
    for name, text in zip(["housing.csv", "police.csv", "health.csv"], extracts(), strict=True):
        batch = services.start_import(name, text.encode())
        while not batch.finished:
            services.import_step(batch)


def run(**kw):
    return services.run_all(services.start_run(**kw))


def person_of(source, source_id):
    return Link.objects.get(
        record__source=source, record__source_id=source_id, ended_at=None
    ).person_id


@pytest.fixture
def linked(db):
    load_all()
    return run()


def test_a_run_links_each_persons_records_to_one_person(linked):
    assert linked.status == Run.Status.DONE
    assert Link.objects.filter(ended_at=None).count() == SourceRecord.objects.count() == 30
    assert linked.model["comparisons"], "the trained model is saved with the run"
    for i in range(10):
        people = {
            person_of(s, f"{p}{i}") for s, p in [("housing", "H"), ("police", "P"), ("health", "G")]
        }
        assert len(people) == 1, f"person {i} split: {people}"
    assert len({person_of("housing", f"H{i}") for i in range(10)}) == 10


def test_a_second_run_changes_no_links(linked):
    again = run()
    assert again.stats["links_changed"] == 0
    assert Link.objects.filter(ended_at__isnull=False).count() == 0


def test_a_remembered_different_survives_a_re_run(linked, alice):
    a = SourceRecord.objects.get(source="housing", source_id="H0")
    b = SourceRecord.objects.get(source="police", source_id="P0")
    pair = ReviewPair.objects.create(run=linked, record_a=a, record_b=b, probability=0.7)
    services.decide(pair, Decision.Verdict.DIFFERENT, alice)
    assert person_of("housing", "H0") != person_of("police", "P0")
    run()
    assert person_of("housing", "H0") != person_of("police", "P0")


def test_a_remembered_same_joins_records_the_model_kept_apart(db, alice):
    load_all()
    services.start_import(
        "extra.csv", b"source,source_id,first_name,last_name\nmind,M1,Zed,Quill\n"
    )
    batch = services.start_import(
        "extra.csv", b"source,source_id,first_name,last_name\nmind,M1,Zed,Quill\n"
    )
    while not batch.finished:
        services.import_step(batch)
    first = run()
    a = SourceRecord.objects.get(source="mind", source_id="M1")
    b = SourceRecord.objects.get(source="housing", source_id="H3")
    pair = ReviewPair.objects.create(run=first, record_a=a, record_b=b, probability=0.6)
    services.decide(pair, Decision.Verdict.SAME, alice)
    run()
    assert person_of("mind", "M1") == person_of("housing", "H3")


def test_undoing_a_link_restores_the_previous_state_and_keeps_history(linked, alice):
    before = {link.record_id: link.person_id for link in Link.objects.filter(ended_at=None)}
    a = SourceRecord.objects.get(source="housing", source_id="H1")
    b = SourceRecord.objects.get(source="health", source_id="G1")
    pair = ReviewPair.objects.create(run=linked, record_a=a, record_b=b, probability=0.7)
    decision = services.decide(pair, Decision.Verdict.DIFFERENT, alice)
    assert person_of("health", "G1") != before[b.pk]
    services.undo_decision(decision, alice)
    after = {link.record_id: link.person_id for link in Link.objects.filter(ended_at=None)}
    assert after == before
    ended = Link.objects.filter(record=b, ended_at__isnull=False)
    assert ended.count() == 2, "both changes kept as history"
    assert {e.end_reason for e in ended} == {"reviewer: different people", "decision undone"}


def test_undoing_a_run_link_takes_the_record_off_and_later_runs_respect_it(linked, alice):
    link = Link.objects.get(record__source="police", record__source_id="P2", ended_at=None)
    services.undo_link(link, alice)
    assert person_of("police", "P2") != person_of("housing", "H2")
    link.refresh_from_db()
    assert link.ended_at and link.ended_by == alice
    run()
    assert person_of("police", "P2") != person_of("housing", "H2")


def test_records_of_someone_already_on_joinedup_link_to_them_not_to_a_new_person(db):
    """People met at the front door or in casework are not added a second time."""
    from datetime import date

    from joinedup.people.models import Person

    kevin = Person.objects.create(
        first_name="Kevin", last_name="Marsh", date_of_birth=date(1975, 12, 14)
    )
    michael = Person.objects.create(first_name="M", last_name="W", nhs_number="9434765919")
    load_all()
    run()
    assert {person_of(s, f"{p}4") for s, p in [("housing", "H"), ("police", "P")]} == {kevin.pk}
    assert person_of("health", "G0") == michael.pk  # by the NHS number alone
    assert Person.objects.count() == 10  # two known, eight new


def test_the_review_queue_is_ordered_by_what_a_decision_changes_and_says_why(db):
    load_all()
    done = run(review_threshold=0.05, match_threshold=0.9999)
    pairs = list(ReviewPair.objects.filter(run=done))
    assert pairs, "thresholds this far apart leave something to review"
    assert all(p.reason for p in pairs)
    priorities = [p.priority for p in ReviewPair.objects.filter(run=done)]
    assert priorities == sorted(priorities, reverse=True)


def test_a_run_without_a_threshold_chooses_one_from_the_data(linked):
    assert linked.match_threshold is None
    assert 0.5 <= linked.stats["threshold"] <= 0.99
    assert set(linked.stats["expected"]) == {"threshold", "precision", "recall"}
