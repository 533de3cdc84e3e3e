"""Training, prediction and clustering, kept apart (as Splink does) and free of Django.

`link_frame` is the whole pipeline used by `joinedup link`, the benchmark and the linkage runs:
prepare the records, train the model on them by expectation maximisation (or reuse a saved
model), score the candidate pairs, and cluster them under reviewers' remembered decisions.
"""

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from splink import Linker

from joinedup.linkage import model
from joinedup.linkage.prepare import prepare  # noqa: F401

#: Pairs at or above this probability are linked; between REVIEW and MATCH they go to review.
MATCH_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.5
#: Pairs below this are not kept at all.
KEEP_THRESHOLD = 0.05
U_SAMPLE_PAIRS = 2_000_000
EM_MAX_PAIRS = 1_000_000
SEED = 42

Progress = Callable[[str], None]


@dataclass
class Result:
    """What a linkage gives back: one row per record, the scored pairs and the model."""

    records: pd.DataFrame  # unique_id, source, source_id, cluster, match_probability
    pairs: pd.DataFrame  # unique_id_l, unique_id_r, match_probability, evidence columns
    model_json: dict
    stats: dict = field(default_factory=dict)


def db_api(backend: str = "duckdb"):
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        # Bounded, so a million records fit beside everything else: DuckDB spills past this.
        connection = duckdb.connect(
            config={"memory_limit": os.environ.get("JOINEDUP_DUCKDB_MEMORY", "3GB")}
        )
        return DuckDBAPI(connection)
    if backend == "spark":
        from splink import SparkAPI

        return SparkAPI(spark_session=spark_session(), break_lineage_method="checkpoint")
    raise ValueError(f"unknown backend {backend!r}: choose duckdb or spark")


def spark_session():
    """A local-mode Spark session sized for one machine (needs pyspark and Java 17+)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[2]")
        # Splink's string-similarity functions, shipped inside the splink package.
        .config("spark.jars", similarity_jar_location())
        .appName("joinedup-linkage")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "4g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        # Each blocking rule excludes the pairs of those before it; with a dozen rules,
        # Catalyst's constraint propagation over those predicates never finishes planning.
        .config("spark.sql.constraintPropagation.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="joinedup-spark-"))
    session.sparkContext.setLogLevel("ERROR")
    return session


def linker_for(prepared: pd.DataFrame, backend: str, settings) -> Linker:
    api = db_api(backend)
    table = _spark_frame(api.spark, prepared) if backend == "spark" else prepared
    sdf = api.register(table, dataset_display_name="records")
    return Linker(sdf, settings, log_level=logging.WARNING)


def _spark_frame(spark, prepared: pd.DataFrame):
    """The prepared table as a Spark DataFrame with an explicit schema, so that missing values
    stay null (inferring from pandas turns an all-missing column into text 'None')."""
    from pyspark.sql import types as T

    fields = []
    for column in prepared.columns:
        kind = {"unique_id": T.LongType(), "dob_year": T.LongType()}.get(column, T.StringType())
        fields.append(T.StructField(column, kind, nullable=True))
    rows = [
        tuple(None if v is None or v is pd.NA or v != v else v for v in row)
        for row in prepared.astype(object).itertuples(index=False, name=None)
    ]
    rows = [
        tuple(
            int(v) if f.dataType == T.LongType() and v is not None else v
            for v, f in zip(row, fields, strict=True)
        )
        for row in rows
    ]
    return spark.createDataFrame(rows, schema=T.StructType(fields))


def train(linker: Linker, say: Progress, records: int) -> None:
    """Estimate the model on the data itself: lambda, u by sampling, m by EM.

    A small or unusual extract may give a training rule no pairs at all (one agency whose
    people all differ): that step is skipped, and the parameters keep their starting values.
    """
    from splink.internals.exceptions import EMTrainingException, SplinkException

    say("estimating how many pairs are matches")
    try:
        linker.training.estimate_probability_two_random_records_match(
            model.DETERMINISTIC_RULES, recall=0.7
        )
    except (SplinkException, ValueError, ZeroDivisionError) as exc:
        say(f"kept the starting probability of a match ({exc})")
    settings = linker._settings_obj
    prior = settings._probability_two_random_records_match
    if not 0 < prior < 1:
        # No deterministic matches at all: start from one expected match per record.
        settings._probability_two_random_records_match = 1 / max(records, 2)
        say("no sure matches found: starting from one match per record")
    say("estimating u by random sampling")
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    for rule in model.TRAINING_RULES:
        say(f"expectation maximisation on pairs where {rule}")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
            )
        except (EMTrainingException, SplinkException) as exc:
            say(f"skipped: {str(exc).splitlines()[0]}")


def score(linker: Linker, keep: float = KEEP_THRESHOLD) -> pd.DataFrame:
    """Scored pairs at or above `keep`: ids, probability and each comparison's level only.

    Only those columns leave the database: with a million records the full prediction table
    (every compared value, left and right) would not fit in memory beside the records.
    """
    predicted = linker.inference.predict(threshold_match_probability=keep)
    gammas = [f"gamma_{c.output_column_name}" for c in linker._settings_obj.comparisons]
    columns = ", ".join(["unique_id_l", "unique_id_r", "match_probability", *gammas])
    pairs = linker.misc.query_sql(
        f"SELECT {columns} FROM {predicted.physical_name} ORDER BY unique_id_l, unique_id_r",
        output_type="pandas",
    )
    predicted.drop_table_from_database_and_remove_from_cache()
    pairs["unique_id_l"] = pairs["unique_id_l"].astype("int64")
    pairs["unique_id_r"] = pairs["unique_id_r"].astype("int64")
    pairs["match_probability"] = pairs["match_probability"].astype("float64")
    for column in gammas:
        pairs[column] = pairs[column].astype("int8")
    return pairs


def cluster(
    n: int,
    pairs: pd.DataFrame,
    threshold: float = MATCH_THRESHOLD,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    nhs: pd.Series | None = None,
    attach_floor: float | None = KEEP_THRESHOLD,
    attach_max_size: int = 2,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster records: a cluster label and the best linking probability per record.

    Reviewers' 'same' pairs are joined first; then scored pairs, strongest first, join their
    clusters unless that would put together two records a reviewer called 'different', or two
    valid, different NHS numbers. So a split is never silently re-merged, however strong a
    chain of other links may look.
    """
    parent = np.arange(n)
    best = np.zeros(n)
    cannot: dict[int, set[int]] = {}
    for a, b in different:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    numbers: dict[int, str] = {}
    if nhs is not None:
        numbers = {i: v for i, v in enumerate(nhs) if v}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return int(i)

    def join(a: int, b: int, forced: bool) -> bool:
        ra, rb = root(a), root(b)
        if ra == rb:
            return True
        if not forced:
            if rb in cannot.get(ra, ()):  # a reviewer's 'different' between the two clusters
                return False
            na, nb = numbers.get(ra), numbers.get(rb)
            if na and nb and na != nb:
                return False
        if len(cannot.get(ra, ())) < len(cannot.get(rb, ())):
            ra, rb = rb, ra
        parent[rb] = ra
        # Keep constraints and NHS numbers on the surviving root.
        for other in cannot.pop(rb, set()):
            cannot.setdefault(ra, set()).add(root(other))
            partners = cannot.get(root(other))
            if partners is not None:
                partners.discard(rb)
                partners.add(ra)
        if rb in numbers and ra not in numbers:
            numbers[ra] = numbers[rb]
        return True

    for a, b in same:
        join(a, b, forced=True)
        best[a] = best[b] = 1.0
    strong = pairs[pairs["match_probability"] >= threshold].sort_values(
        "match_probability", ascending=False, kind="stable"
    )
    for a, b, p in zip(
        strong["unique_id_l"].to_numpy(),
        strong["unique_id_r"].to_numpy(),
        strong["match_probability"].to_numpy(),
        strict=True,
    ):
        if join(int(a), int(b), forced=False):
            best[a] = max(best[a], p)
            best[b] = max(best[b], p)
    if attach_floor is not None:
        # A record (or small cluster) whose only plausible links all lead to one cluster joins
        # it: a name-only record (date of birth missing, no fixed abode) of an uncommon person.
        weak = pairs[
            (pairs["match_probability"] >= attach_floor) & (pairs["match_probability"] < threshold)
        ]
        a_ids = weak["unique_id_l"].to_numpy()
        b_ids = weak["unique_id_r"].to_numpy()
        probs = weak["match_probability"].to_numpy()
        for _ in range(2):
            candidates: dict[int, dict[int, tuple[float, int, int]]] = {}
            for a, b, p in zip(a_ids, b_ids, probs, strict=True):
                ra, rb = root(int(a)), root(int(b))
                if ra == rb:
                    continue
                for x, y, i, j in ((ra, rb, a, b), (rb, ra, b, a)):
                    seen = candidates.setdefault(x, {})
                    if p > seen.get(y, (0.0,))[0]:
                        seen[y] = (float(p), int(i), int(j))
            sizes = np.bincount([root(i) for i in range(n)], minlength=n)
            for x, seen in sorted(candidates.items(), key=lambda kv: sizes[kv[0]]):
                if len(seen) != 1 or sizes[x] > attach_max_size:
                    continue
                ((y, (p, i, j)),) = seen.items()
                if (
                    root(x) != x
                    or root(y) != y
                    or len(candidates.get(y, {})) > 1
                    and sizes[y] <= attach_max_size
                ):
                    continue
                if join(x, y, forced=False):
                    best[i] = max(best[i], p)
                    best[j] = max(best[j], p)
    labels = np.array([root(i) for i in range(n)])
    return labels, best


def link_frame(
    frame: pd.DataFrame,
    *,
    backend: str = "duckdb",
    threshold: float = MATCH_THRESHOLD,
    model_json: dict | None = None,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    say: Progress = lambda message: None,
) -> Result:
    """Link the contract rows of `frame` (row i is unique_id i) into clusters."""
    say(f"preparing {len(frame):,} records")
    prepared = prepare(frame)
    if len(prepared) < 3:  # nothing to learn from: every record is its own person
        records = prepared[["unique_id", "source", "source_id"]].copy()
        records["cluster"] = np.arange(len(prepared))
        records["match_probability"] = 0.0
        empty = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
        return Result(
            records,
            empty,
            model_json or {},
            {
                "records": len(prepared),
                "pairs_scored": 0,
                "clusters": len(prepared),
                "backend": backend,
            },
        )
    settings = model_json if model_json is not None else model.settings()
    linker = linker_for(prepared, backend, settings)
    if model_json is None:
        train(linker, say, len(prepared))
    trained = saved_model(linker)
    say("scoring candidate pairs")
    pairs = score(linker)
    say(f"clustering {len(pairs):,} scored pairs")
    labels, best = cluster(len(prepared), pairs, threshold, same, different, nhs=prepared["nhs"])
    records = prepared[["unique_id", "source", "source_id"]].copy()
    records["cluster"] = labels
    records["match_probability"] = best.round(6)
    stats = {
        "records": len(prepared),
        "pairs_scored": len(pairs),
        "clusters": int(len(np.unique(labels))),
        "backend": backend,
    }
    return Result(records, pairs, trained, stats)


def saved_model(linker: Linker) -> dict:
    """The trained model as plain JSON data, to store with the run and reuse on any backend."""
    return json.loads(json.dumps(linker.misc.save_model_to_json(overwrite=True), default=str))


def person_keys(records: pd.DataFrame) -> pd.Series:
    """A stable key per cluster: the smallest (source, source_id) in it, hashed short."""
    import hashlib

    first = (
        records.assign(k=records["source"] + "\x1f" + records["source_id"])
        .groupby("cluster")["k"]
        .transform("min")
    )
    return first.map(lambda k: "P-" + hashlib.blake2b(k.encode(), digest_size=6).hexdigest())
