"""Training, prediction and clustering, kept apart (as Splink does) and free of Django.

`link_frame` is the whole pipeline used by `joinedup link`, the benchmark and the linkage runs:
prepare the records, train the model on them by expectation maximisation (or reuse a saved
model), score the candidate pairs with term frequencies from these extracts, choose the match
threshold from the model's own estimates, and cluster the pairs under reviewers' remembered
decisions without chaining (`clustering.py`).
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

from joinedup.linkage import clustering, model
from joinedup.linkage.clustering import cluster
from joinedup.linkage.prepare import prepare  # noqa: F401

__all__ = ["cluster", "link_frame", "prepare", "train", "score", "saved_model", "person_keys"]

#: Pairs at or above this probability are linked (when no threshold is chosen from the data);
#: between REVIEW and the match threshold they go to review.
MATCH_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.5
#: Pairs below this are not kept at all.
KEEP_THRESHOLD = 0.05
U_SAMPLE_PAIRS = 2_000_000
EM_MAX_PAIRS = 1_000_000
SEED = 42

Progress = Callable[[str], None]
INTEGER_COLUMNS = {"unique_id", "dob_year", "dob_days"}


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
        # Spark's name for it (Splink's jar), so one model's SQL runs on either backend.
        connection.execute("CREATE MACRO jaro_winkler(a, b) AS jaro_winkler_similarity(a, b)")
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
    # Splink's own warnings (a level not seen in training) would bury the progress lines:
    # `train` says what it skipped.
    linker = Linker(sdf, settings, log_level=logging.ERROR)
    register_term_frequencies(linker, api, prepared, backend)
    return linker


def term_frequencies(prepared: pd.DataFrame, column: str) -> pd.DataFrame:
    """How often each value of `column` belongs to someone else, from these extracts.

    Splink's term frequency is the share of records holding a value; a person with six records
    makes their own name look six times as common, so that a record without a date of birth
    meets its own person's records as if among namesakes. Here a value's frequency counts
    people, estimated as distinct (names, year of birth), and leaves out the person the record
    itself belongs to: two records that share a name nobody else has are strong evidence, two
    that share a name held by many people are weak.

    A name held by one person in the extracts may still be someone else's outside them: how
    likely, the extracts say too (Good-Turing): twice the number of names held by exactly two
    people over the number held by one. An area where names repeat learns to trust a unique
    name less.
    """
    year = prepared["dob_year"].astype("string")
    # A record without a year of birth is taken to be the one person of its name that has.
    year = year.fillna(prepared.assign(y=year).groupby("name_key")["y"].transform("first")).fillna(
        ""
    )
    who = prepared["name_key"].fillna("").astype(str) + "|" + year
    if column == "name_key":
        who = year
    values = pd.DataFrame({column: prepared[column], "who": who}).dropna()
    people = values.groupby(column)["who"].nunique()
    total = max(people.sum(), 1)
    once, twice = int((people == 1).sum()), int((people == 2).sum())
    unseen = min(max(2 * twice / once if once else 1.0, 0.05), 1.0)
    tf = ((people - 1 + unseen) / total).clip(upper=1.0)
    return pd.DataFrame({column: tf.index.astype(str), f"tf_{column}": tf.to_numpy()})


TF_COLUMNS = ["name_key", "name_sx_key", "forename_canon", "surname", "postcode"]


def register_term_frequencies(linker: Linker, api, prepared: pd.DataFrame, backend: str):
    for column in TF_COLUMNS:
        table = term_frequencies(prepared, column)
        if backend == "spark":
            table = api.spark.createDataFrame(table)
        sdf = api.register(table, dataset_display_name=f"tf_{column}")
        linker.table_management.register_term_frequency_lookup(sdf, column)


def _spark_frame(spark, prepared: pd.DataFrame):
    """The prepared table as a Spark DataFrame with an explicit schema, so that missing values
    stay null (inferring from pandas turns an all-missing column into text 'None')."""
    from pyspark.sql import types as T

    fields = []
    for column in prepared.columns:
        kind = T.LongType() if column in INTEGER_COLUMNS else T.StringType()
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
        # Splink's EM session takes the comparisons its rule uses out of the linker's own
        # settings and puts them back only when it succeeds: a failed session would leave a
        # model without its name and postcode comparisons.
        before = settings.core_model_settings.copy()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
            )
        except (EMTrainingException, SplinkException) as exc:
            settings.core_model_settings = before
            say(f"skipped: {str(exc).splitlines()[0]}")
    floor_m(linker)


#: Pairs down to this probability (before the prior is re-estimated) leave the database.
FETCH_THRESHOLD = 0.002


#: No evidence but a reviewer's is absolute: a level the training never saw among matches
#: (a wrong sex, a postcode district) still happens in one match in a thousand.
M_FLOOR = 1e-3


def floor_m(linker: Linker) -> None:
    """Keep each trained m probability at or above M_FLOOR, so that one wrong field cannot
    outweigh every other (a small, clean area would otherwise learn m = 0)."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m = level.m_probability
            if m is not None and m < M_FLOOR:
                level.m_probability = M_FLOOR


def score(linker: Linker, keep: float = KEEP_THRESHOLD, records: int | None = None) -> pd.DataFrame:
    """Scored pairs at or above `keep`: ids, probability and each comparison's level only.

    Only those columns leave the database: with a million records the full prediction table
    (every compared value, left and right) would not fit in memory beside the records. With
    `records` (how many were linked), the prior is re-estimated from the scores (`prior_from`)
    and the probabilities follow it.
    """
    predicted = linker.inference.predict(
        threshold_match_probability=FETCH_THRESHOLD if records else keep
    )
    gammas = [f"gamma_{c.output_column_name}" for c in linker._settings_obj.comparisons]
    columns = ", ".join(["unique_id_l", "unique_id_r", "match_weight", *gammas])
    pairs = linker.misc.query_sql(
        f"SELECT {columns} FROM {predicted.physical_name} ORDER BY unique_id_l, unique_id_r",
        output_type="pandas",
    )
    predicted.drop_table_from_database_and_remove_from_cache()
    weight = pairs.pop("match_weight").to_numpy(dtype="float64")
    settings = linker._settings_obj
    if records:
        start = settings._probability_two_random_records_match
        prior = prior_from(weight, start, records)
        weight = weight - _logit2(start) + _logit2(prior)
        settings._probability_two_random_records_match = prior
    pairs.insert(2, "match_probability", 1 / (1 + np.exp2(-weight)))
    pairs = pairs[pairs["match_probability"] >= keep].reset_index(drop=True)
    pairs["unique_id_l"] = pairs["unique_id_l"].astype("int64")
    pairs["unique_id_r"] = pairs["unique_id_r"].astype("int64")
    for column in gammas:
        pairs[column] = pairs[column].astype("int8")
    return pairs


def _logit2(p: float) -> float:
    return float(np.log2(p / (1 - p)))


def prior_from(weights: np.ndarray, start: float, records: int, rounds: int = 50) -> float:
    """The probability that two random records match, consistent with the scores themselves.

    The starting prior comes from deterministic rules and a guess of their recall; here it is
    moved until the expected number of matches (the sum of the pairs' probabilities; pairs never
    compared count as non-matches) equals the prior times the number of possible pairs, as an
    EM step on the prior alone would. Match weights move with the prior by a constant, so no
    pair is scored twice.
    """
    evidence = np.asarray(weights, dtype="float64") - _logit2(start)
    possible = records * (records - 1) / 2
    prior = start
    for _ in range(rounds):
        expected = float((1 / (1 + np.exp2(-(evidence + _logit2(prior))))).sum())
        new = min(max(expected / possible, 1e-12), 0.5)
        if abs(new - prior) <= 1e-4 * prior:
            return new
        prior = new
    return prior


def link_frame(
    frame: pd.DataFrame,
    *,
    backend: str = "duckdb",
    threshold: float | None = None,
    model_json: dict | None = None,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    say: Progress = lambda message: None,
    progress: Callable[[float, str], None] | None = None,
    learn_prior: bool | None = None,
) -> Result:
    """Link the contract rows of `frame` (row i is unique_id i) into clusters.

    `threshold=None` chooses the match threshold from the model's own estimates (the best
    expected F1); a number fixes it. `progress(fraction, words)`, if given, hears each stage.
    `learn_prior`: re-estimate the prior from these records' scores (`prior_from`); by default
    when the model is trained here, not when a saved model is reused as it is.
    """
    if learn_prior is None:
        learn_prior = model_json is None

    def stage(fraction: float, words: str) -> None:
        say(words)
        if progress is not None:
            progress(fraction, words)

    stage(0.0, f"preparing {len(frame):,} records")
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
        stage(0.1, "training the model on these records")
        train(linker, say, len(prepared))
    trained = saved_model(linker)
    stage(0.4, "scoring candidate pairs")
    pairs = score(linker, records=len(prepared) if learn_prior else None)
    trained = saved_model(linker)
    chosen = clustering.choose_threshold(pairs["match_probability"].to_numpy())
    expected = (
        chosen
        if threshold is None
        else clustering.expected_at(pairs["match_probability"].to_numpy(), threshold)
    )
    stage(
        0.8,
        f"clustering {len(pairs):,} scored pairs at threshold {expected.threshold:.3f}: "
        f"expected precision {expected.precision:.3f}, recall {expected.recall:.3f}",
    )
    refused: list = []
    labels, best = cluster(
        len(prepared),
        pairs,
        expected.threshold,
        same,
        different,
        nhs=prepared["nhs"],
        dob=prepared["dob"],
        refused=refused,
    )
    records = prepared[["unique_id", "source", "source_id"]].copy()
    records["cluster"] = labels
    records["match_probability"] = best.round(6)
    # Why each strong pair was not linked (a conflict in the cluster it would make), for review.
    conflicts = pd.DataFrame(
        refused, columns=["unique_id_l", "unique_id_r", "match_probability", "conflict"]
    ).drop_duplicates(["unique_id_l", "unique_id_r"])
    pairs = pairs.merge(
        conflicts[["unique_id_l", "unique_id_r", "conflict"]],
        on=["unique_id_l", "unique_id_r"],
        how="left",
    )
    stats = {
        "records": len(prepared),
        "pairs_scored": len(pairs),
        "clusters": int(len(np.unique(labels))),
        "backend": backend,
        "threshold": round(expected.threshold, 4),
        "expected": expected.as_dict(),
        "conflicts": len(conflicts),
        "without_date_of_birth": int(prepared["dob_year"].isna().sum()),
    }
    stage(1.0, f"{stats['clusters']:,} people; {len(conflicts):,} links held back for review")
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
