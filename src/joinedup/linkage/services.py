"""Changing linkage state: imports, runs, reviewers' decisions and undo.

Work that takes a while (an import, a run) advances in steps, each in one transaction, and
stores its progress. A run started from the page is done by the background worker
(`linkage.tasks`); the commands loop over the same steps here and print it; an import's page
polls a step at a time (htmx). An import step is exclusive: however many requests ask
for it at once, one loads the chunk and the others answer with the progress.
"""

import sys
import time
from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pandas as pd
from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from joinedup.linkage import engine
from joinedup.linkage.importing import check_file
from joinedup.linkage.models import Decision, ImportBatch, Link, ReviewPair, Run, SourceRecord
from joinedup.linkage.prepare import CONTRACT
from joinedup.people.models import Person
from joinedup.people.nhs import nhs_number_is_valid
from joinedup.people.services import add_people, match_known

IMPORT_STEP = 2000
#: A step's claim older than this was abandoned (the request died): another may take it over.
IMPORT_CLAIM_TIMEOUT = timedelta(minutes=10)
FIELDS = CONTRACT[2:]
PROGRESS = ["status", "total", "done", "created", "updated", "unchanged", "skipped"]


# Imports ------------------------------------------------------------------------------------


def start_import(
    filename, content: bytes, *, mode=ImportBatch.Mode.REJECT, mapping=None, user=None
):
    """Check the whole file first: with errors and 'reject', nothing is written but the report."""
    rows, problems = check_file(filename, content, mapping)
    batch = ImportBatch(
        filename=filename,
        content=content,
        mapping=mapping or {},
        mode=mode,
        uploaded_by=user,
        total=len(rows),
        errors=[p.as_dict() for p in problems],
    )
    bad_rows = {p.row for p in problems}
    if problems and (mode == ImportBatch.Mode.REJECT or 1 in bad_rows or not rows):
        batch.status = ImportBatch.Status.REJECTED
    batch.skipped = len({r for r in bad_rows if r > 1})
    batch.save()
    return batch


def import_step(batch: ImportBatch, size: int | None = None) -> ImportBatch:
    """Load the next `size` rows, once, however many requests ask at the same time; `batch`
    comes back (updated in place) with the progress as it then stands.

    A step first claims the batch with a compare-and-set, an UPDATE that matches only while
    nobody holds it: a request that loses does nothing and answers with the progress. The
    winner loads its chunk in one short transaction that begins by moving `done` on from the
    value it started at (a second compare-and-set), so no chunk is loaded or counted twice, even
    by a request whose claim outlived IMPORT_CLAIM_TIMEOUT. The same on SQLite and PostgreSQL.
    Re-loading a row that has not changed changes nothing. Each step reads the stored file
    again, so a large file goes in twenty steps at most.
    """
    if batch.finished:
        return batch
    token = uuid4().hex
    if _claim(batch, token):
        released = False
        try:
            batch.refresh_from_db(fields=PROGRESS)  # where the import stands, now it is ours
            if not batch.finished:
                size = size or max(IMPORT_STEP, -(-batch.total // 20))
                released = _load_chunk(batch, token, size)
        finally:
            if not released:
                _release(batch, token)
    batch.refresh_from_db(fields=[*PROGRESS, "claimed_by", "claimed_at"])
    return batch


def _claim(batch: ImportBatch, token: str) -> bool:
    now = timezone.now()
    free = Q(claimed_by="") | Q(claimed_at=None) | Q(claimed_at__lt=now - IMPORT_CLAIM_TIMEOUT)
    running = [ImportBatch.Status.WAITING, ImportBatch.Status.RUNNING]
    try:
        claimed = ImportBatch.objects.filter(free, pk=batch.pk, status__in=running).update(
            claimed_by=token, claimed_at=now
        )
    except OperationalError as exc:
        if not _busy(exc):
            raise
        return False
    return bool(claimed)


def _busy(exc: OperationalError) -> bool:
    """SQLite waited its timeout for another request's write (most likely another step): the
    progress as it stands is the answer, and the page asks again. Anything else is an error."""
    return "database is locked" in str(exc)


def _release(batch: ImportBatch, token: str) -> None:
    try:
        ImportBatch.objects.filter(pk=batch.pk, claimed_by=token).update(
            claimed_by="", claimed_at=None
        )
    except OperationalError as exc:
        if not _busy(exc):
            raise  # when busy, the claim lapses after IMPORT_CLAIM_TIMEOUT


def _load_chunk(batch: ImportBatch, token: str, size: int) -> bool:
    """Load the chunk from where the import stands; whether it did (and released the claim
    with the same commit)."""
    # Reading and checking the file happens before the transaction, so that the write lock
    # (all of SQLite's; this batch's row on PostgreSQL) is held only while rows are written.
    rows, _ = check_file(batch.filename, bytes(batch.content), batch.mapping)
    start = batch.done
    chunk = rows[start : start + size]
    done = start + len(chunk)
    status = ImportBatch.Status.DONE if done >= batch.total else ImportBatch.Status.RUNNING
    try:
        with transaction.atomic():
            # A write first: SQLite takes its write lock now, waiting its turn, instead of
            # failing when a read turns into a write; PostgreSQL locks the row until commit.
            moved = ImportBatch.objects.filter(pk=batch.pk, claimed_by=token, done=start).update(
                done=done, status=status
            )
            if not moved:
                return False  # our claim lapsed and another request has loaded this chunk
            good = [(clean, extra) for _, clean, extra, bad in chunk if not bad]
            counts = _upsert(batch, good)
            if start:
                _pause_for_tests("import")
            ImportBatch.objects.filter(pk=batch.pk).update(
                created=F("created") + counts["created"],
                updated=F("updated") + counts["updated"],
                unchanged=F("unchanged") + counts["unchanged"],
                claimed_by="",
                claimed_at=None,
            )
    except OperationalError as exc:
        if not _busy(exc):
            raise
        return False  # nothing written: the chunk is loaded by the next step
    return True


def _upsert(batch, good) -> Counter:
    """Write the chunk's good rows; how many were new, changed and unchanged."""
    counts = Counter()
    if not good:
        return counts
    by_source: dict[str, list[str]] = {}
    for clean, _ in good:
        by_source.setdefault(clean["source"], []).append(clean["source_id"])
    query = Q()
    for source, ids in by_source.items():
        query |= Q(source=source, source_id__in=ids)
    existing = {(r.source, r.source_id): r for r in SourceRecord.objects.filter(query)}
    new, changed = [], []
    for clean, extra in good:
        record = existing.get((clean["source"], clean["source_id"]))
        if record is None:
            new.append(SourceRecord(batch=batch, extra=extra, **clean))
            continue
        values = {f: clean[f] for f in FIELDS}
        if all(getattr(record, f) == v for f, v in values.items()) and record.extra == extra:
            counts["unchanged"] += 1
            continue
        for f, v in values.items():
            setattr(record, f, v)
        record.extra = extra
        record.batch = batch
        changed.append(record)
    SourceRecord.objects.bulk_create(new, batch_size=1000)
    SourceRecord.objects.bulk_update(changed, [*FIELDS, "extra", "batch"], batch_size=1000)
    counts["created"], counts["updated"] = len(new), len(changed)
    return counts


# Runs ---------------------------------------------------------------------------------------


def start_run(user=None, *, match_threshold=None, review_threshold=None, backend="duckdb") -> Run:
    """A run to do in this process (`run_all`): the commands and tests."""
    return Run.objects.create(
        started_by=user,
        backend=backend,
        match_threshold=match_threshold,  # None: chosen from the data
        review_threshold=review_threshold or engine.REVIEW_THRESHOLD,
    )


def records_frame() -> tuple[pd.DataFrame, list[int]]:
    rows = list(SourceRecord.objects.order_by("id").values("id", *CONTRACT))
    frame = pd.DataFrame(rows, columns=["id", *CONTRACT])
    return frame.drop(columns=["id"]), frame["id"].tolist()


def decisions() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Reviewers' remembered decisions, as record id pairs: (same, different)."""
    same, different = [], []
    for d in Decision.objects.filter(undone_at=None).values("record_a", "record_b", "verdict"):
        pair = (d["record_a"], d["record_b"])
        (same if d["verdict"] == Decision.Verdict.SAME else different).append(pair)
    return same, different


#: Where each stage of a run starts and ends on its progress bar.
SPANS = {"train": (0.0, 0.4), "score": (0.4, 0.85), "link": (0.85, 1.0)}


class _Progress:
    """Turns the engine's messages into a bar that moves on through a stage's span (how many
    messages a stage sends depends on the model, so each one closes part of the gap left)."""

    def __init__(self, handle, stage):
        self.handle, self.stage, self.said = handle, stage, 0
        self.low, self.high = SPANS[stage]

    def __call__(self, message: str = "") -> None:
        if self.handle is None:
            return
        fraction = self.high - (self.high - self.low) * 0.6**self.said
        self.said += 1
        label = Run.STAGE_LABELS[self.stage]
        self.handle.say(fraction, f"{label}: {message}" if message else label)


def run_step(run: Run, progress=None) -> Run:
    """Advance a run by one stage: train the model, score and cluster, then link.

    `progress` is the background job's handle (joinedup.jobs.services.Running), or None when
    the run is done in this process.
    """
    if run.finished:
        return run
    say = _Progress(progress, run.stage)
    try:
        say()
        if run.stage == "train":
            _train(run, say)
        elif run.stage == "score":
            _score(run, say)
        elif run.stage == "link":
            _pause_for_tests("link")
            _link(run, progress)
    except Exception as exc:  # a run that fails says why, on its page
        run.status, run.message = Run.Status.FAILED, f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        # Unless the run was already failed (its worker was found dead): that says why.
        Run.objects.filter(pk=run.pk).exclude(status=Run.Status.FAILED).update(
            status=run.status, message=run.message, finished_at=run.finished_at, clusters={}
        )
        raise
    return run


def _train(run, say=lambda message: None):
    frame, _ = records_frame()
    if len(frame) < 2:
        raise ValueError("there are fewer than two records to link")
    prepared = engine.prepare(frame)
    linker = engine.linker_for(prepared, run.backend, engine.model.settings())
    engine.train(linker, say, len(prepared))
    run.model = engine.saved_model(linker)
    run.status, run.stage = Run.Status.RUNNING, "score"
    run.save()


def _score(run, say=lambda message: None):
    frame, ids = records_frame()
    position = {record_id: i for i, record_id in enumerate(ids)}
    same, different = decisions()

    def positions(pairs):
        return [(position[a], position[b]) for a, b in pairs if a in position and b in position]

    result = engine.link_frame(
        frame,
        backend=run.backend,
        threshold=run.match_threshold,
        model_json=run.model,
        same=positions(same),
        different=positions(different),
        say=say,
        learn_prior=True,
    )
    reviews = _reviews(run, result, ids, {frozenset(p) for p in same + different})
    with transaction.atomic():
        ReviewPair.objects.bulk_create(reviews, batch_size=1000)
        run.clusters = {
            str(ids[i]): [int(label), float(p)]
            for i, (label, p) in enumerate(
                zip(result.records["cluster"], result.records["match_probability"], strict=True)
            )
        }
        run.stats = {**result.stats, "for_review": len(reviews)}
        run.stage = "link"
        run.save()


def _reviews(run, result, ids, decided) -> list[ReviewPair]:
    """The pairs a reviewer should see, each with the model's reason and its priority: those
    between the review and match thresholds, and strong ones held back for a conflict."""
    threshold = result.stats["threshold"]
    pairs = result.pairs
    conflict = pairs["conflict"].notna() if "conflict" in pairs else False
    uncertain = pairs[
        (pairs["match_probability"] >= run.review_threshold)
        & (pairs["match_probability"] < threshold)
        | conflict
    ]
    sizes = result.records["cluster"].map(result.records["cluster"].value_counts()).to_numpy()
    reviews = []
    for row in uncertain.itertuples(index=False):
        a, b = ids[row.unique_id_l], ids[row.unique_id_r]
        if frozenset((a, b)) in decided:
            continue
        held = isinstance(getattr(row, "conflict", None), str)
        reason = (
            f"held back: {row.conflict}"
            if held
            else f"probability {row.match_probability:.2f}, below the threshold {threshold:.2f}"
        )
        evidence = {c[6:]: int(getattr(row, c)) for c in pairs.columns if c.startswith("gamma_")}
        size_a, size_b = int(sizes[row.unique_id_l]), int(sizes[row.unique_id_r])
        reviews.append(
            ReviewPair(
                run=run,
                record_a_id=a,
                record_b_id=b,
                probability=row.match_probability,
                evidence=evidence,
                reason=reason,
                priority=engine.clustering.review_priority(
                    row.match_probability, threshold, size_a, size_b, held
                ),
            )
        )
    return reviews


@transaction.atomic
def _link(run, progress=None):
    # A write first: SQLite takes its write lock now, waiting its turn, instead of failing
    # ('database is locked') when the reads below turn into writes while a page saves a session.
    Run.objects.filter(pk=run.pk).update(stage="link")
    groups: dict[int, list[int]] = {}
    for record_id, (label, _) in run.clusters.items():
        groups.setdefault(label, []).append(int(record_id))
    probability = {int(k): v[1] for k, v in run.clusters.items()}
    current = {link.record_id: link for link in Link.objects.filter(ended_at=None)}
    used: set[int] = set()
    wanted: dict[int, int | None] = {}
    to_create: list[tuple[list[int], SourceRecord]] = []
    for members in sorted(groups.values(), key=len, reverse=True):
        votes = Counter(current[r].person_id for r in members if r in current)
        person_id = next((p for p, _ in votes.most_common() if p not in used), None)
        if person_id is None:
            to_create.append(members)
        else:
            used.add(person_id)
            wanted.update({r: person_id for r in members})
    if to_create:
        records = SourceRecord.objects.in_bulk([m for ms in to_create for m in ms])
        to_create = _attach_to_known(to_create, records, used, wanted)
    if to_create:
        people = add_people([_person_from([records[r] for r in ms]) for ms in to_create])
        for members, person in zip(to_create, people, strict=True):
            wanted.update({r: person.pk for r in members})
    changed = [r for r, p in wanted.items() if r not in current or current[r].person_id != p]
    now = timezone.now()
    ended = [current[r] for r in changed if r in current]
    for link in ended:
        link.ended_at, link.end_reason = now, f"linked elsewhere by run {run.pk}"
    Link.objects.bulk_update(ended, ["ended_at", "end_reason"], batch_size=1000)
    Link.objects.bulk_create(
        [
            Link(
                record_id=r,
                person_id=wanted[r],
                run=run,
                probability=probability[r],
                previous=current.get(r),
            )
            for r in changed
        ],
        batch_size=1000,
    )
    run.stats = {**run.stats, "links_changed": len(changed), "people_created": len(to_create)}
    run.clusters = {}
    run.stage, run.status, run.finished_at = "done", Run.Status.DONE, now
    _pause_for_tests("commit")
    if progress is not None:
        progress.done(f"Done: {len(changed)} links changed")  # only if the job is still ours
    run.save()


def _pause_for_tests(where: str):
    """Tests catch a run here: as it starts linking ("link"), or with its new links written but
    not committed ("commit"); or an import with a chunk committed and the next one written but
    not ("import"). They kill its process there, or drop its connection; it says when on
    stderr."""
    pause = getattr(settings, "LINKAGE_TEST_PAUSE_SECONDS", 0)
    if pause and where == getattr(settings, "LINKAGE_TEST_PAUSE_AT", "commit"):
        print(f"paused at {where}", file=sys.stderr, flush=True)
        time.sleep(pause)


def _attach_to_known(clusters, records, used, wanted) -> list[list[int]]:
    """Clusters whose records name a person already on joinedup (met at the front door, say)
    link to that person; the rest are returned, to become new people."""
    flat = [r for members in clusters for r in members]
    known = dict(
        zip(
            flat,
            match_known(
                [
                    {
                        "first_name": records[r].first_name,
                        "last_name": records[r].last_name,
                        "date_of_birth": records[r].date_of_birth,
                        "nhs_number": records[r].nhs_number
                        if nhs_number_is_valid(records[r].nhs_number)
                        else "",
                    }
                    for r in flat
                ]
            ),
            strict=True,
        )
    )
    left = []
    for members in clusters:
        person_id = next((known[r] for r in members if known[r] and known[r] not in used), None)
        if person_id is None:
            left.append(members)
        else:
            used.add(person_id)
            wanted.update({r: person_id for r in members})
    return left


def _person_from(records: list[SourceRecord]) -> Person:
    """A new person for a cluster, named from its most complete record."""
    best = max(records, key=lambda r: (bool(r.date_of_birth), bool(r.first_name), r.pk))
    return Person(
        first_name=best.first_name[:100] or "Unknown",
        last_name=best.last_name[:100] or "Unknown",
        date_of_birth=best.date_of_birth or None,
        sex=best.sex if best.sex in {"M", "F", "X"} else "",
        postcode="" if best.postcode == "NFA" else best.postcode[:10],
        nhs_number=next((r.nhs_number for r in records if nhs_number_is_valid(r.nhs_number)), ""),
    )


def run_all(run: Run, say=lambda run: None) -> Run:
    while not run.finished:
        run_step(run)
        say(run)
    return run


# Review, decisions and undo -----------------------------------------------------------------


def _relink(record_id: int, person_id: int, *, decision=None, user=None, reason="") -> Link:
    current = Link.objects.filter(record_id=record_id, ended_at=None).first()
    if current and current.person_id == person_id:
        return current
    if current:
        current.ended_at, current.ended_by, current.end_reason = timezone.now(), user, reason
        current.save(update_fields=["ended_at", "ended_by", "end_reason"])
    return Link.objects.create(
        record_id=record_id,
        person_id=person_id,
        previous=current,
        decision=decision,
        probability=1.0,
    )


def _person_of(record: SourceRecord) -> int:
    """The person a record is linked to; a record not linked yet gets its own person."""
    link = Link.objects.filter(record=record, ended_at=None).first()
    if link is None:
        person = add_people([_person_from([record])])[0]
        link = Link.objects.create(record=record, person=person, probability=0)
    return link.person_id


@transaction.atomic
def decide(pair: ReviewPair, verdict: str, user) -> Decision:
    """Record a reviewer's 'same' or 'different' and apply it to the links at once."""
    a, b = pair.record_a, pair.record_b
    decision = Decision.objects.create(record_a=a, record_b=b, verdict=verdict, decided_by=user)
    pair.decision = decision
    pair.save(update_fields=["decision"])
    person_a, person_b = _person_of(a), _person_of(b)
    if verdict == Decision.Verdict.SAME and person_a != person_b:
        _relink(b.pk, person_a, decision=decision, user=user, reason="reviewer: same person")
    elif verdict == Decision.Verdict.DIFFERENT and person_a == person_b:
        new = add_people([_person_from([b])])[0].pk
        _relink(b.pk, new, decision=decision, user=user, reason="reviewer: different people")
    return decision


@transaction.atomic
def undo_decision(decision: Decision, user) -> None:
    """Forget a decision and put back the links it changed."""
    decision.undone_at = timezone.now()
    decision.save(update_fields=["undone_at"])
    for link in decision.links.filter(ended_at=None).select_related("previous"):
        if link.previous_id:
            _relink(link.record_id, link.previous.person_id, user=user, reason="decision undone")
    ReviewPair.objects.filter(decision=decision).update(decision=None)


@transaction.atomic
def undo_link(link: Link, user) -> Link:
    """Take a record off a person: its previous link comes back, or it stands alone.

    The record is remembered as 'different' from the person's other records, so a later run
    does not put it back.
    """
    others = Link.objects.filter(person_id=link.person_id, ended_at=None).exclude(pk=link.pk)
    decisions_made = [
        Decision(
            record_a_id=link.record_id,
            record_b_id=o.record_id,
            verdict="different",
            decided_by=user,
        )
        for o in others
    ]
    Decision.objects.bulk_create(decisions_made)
    if link.previous_id and link.previous.person_id != link.person_id:
        person_id = link.previous.person_id
    else:
        person_id = add_people([_person_from([link.record])])[0].pk
    return _relink(link.record_id, person_id, user=user, reason="link undone")
