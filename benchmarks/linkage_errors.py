"""What our linker gets wrong, by kind: the breakdown behind docs/linkage.md's 'honestly'.

    .venv/bin/python benchmarks/linkage_errors.py --sets agencies --people 60000
    .venv/bin/python benchmarks/linkage_errors.py --sets population febrl3

For each data set of `linkage_quality.py` (same rows, same sizes): the true pairs missed and the
wrong pairs made, split by whether a record without a date of birth is in the pair, whether the
pair was scored at all and why a strong pair was held back; what became of the records without
a date of birth; and how well the model's probabilities agree with the truth (by band). The
ground truth is read here, after the linker has run; the linker never sees it.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings_demo")

import linkage_quality  # noqa: E402

from joinedup.linkage import engine  # noqa: E402
from joinedup.linkage.prepare import prepare  # noqa: E402


def pairs_within(groups: np.ndarray) -> np.ndarray:
    """Every pair (i < j) of rows sharing a group label, as an (n, 2) array."""
    order = np.argsort(groups, kind="stable")
    out = []
    for ids in np.split(order, np.flatnonzero(np.diff(groups[order])) + 1):
        if len(ids) > 1:
            i, j = np.triu_indices(len(ids), 1)
            out.append(np.sort(np.stack([ids[i], ids[j]], 1), axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=int)


def with_scores(pairs: np.ndarray, scored: pd.DataFrame, no_dob: np.ndarray) -> pd.DataFrame:
    table = pd.DataFrame({"unique_id_l": pairs[:, 0], "unique_id_r": pairs[:, 1]})
    table = table.merge(scored, on=["unique_id_l", "unique_id_r"], how="left")
    table["no_dob"] = no_dob[table["unique_id_l"]] | no_dob[table["unique_id_r"]]
    table["scored"] = table["match_probability"].notna()
    return table


def line(words: str, part: int, whole: int) -> None:
    print(f"    {words:40} {part:>8,}  ({part / whole:6.1%})" if whole else f"    {words:40} 0")


def report(label: str, frame: pd.DataFrame, truth: pd.Series) -> None:
    result = engine.link_frame(frame)
    truth = pd.factorize(truth)[0]
    cluster = result.records["cluster"].to_numpy()
    no_dob = prepare(frame)["dob_year"].isna().to_numpy()
    scored = result.pairs[["unique_id_l", "unique_id_r", "match_probability", "conflict"]]
    true_pairs, made = pairs_within(truth), pairs_within(cluster)
    missed = true_pairs[cluster[true_pairs[:, 0]] != cluster[true_pairs[:, 1]]]
    wrong = made[truth[made[:, 0]] != truth[made[:, 1]]]
    print(f"\n{label}: threshold {result.stats['threshold']:.3f}")
    print(
        f"  true pairs {len(true_pairs):,}; missed {len(missed):,}; wrong pairs made {len(wrong):,}"
    )

    fn = with_scores(missed, scored, no_dob)
    print("  missed pairs")
    line("with a record without a date of birth", fn["no_dob"].sum(), len(fn))
    line("below 0.05, or never compared", (~fn["scored"]).sum(), len(fn))
    line("scored below the threshold", (fn["scored"] & fn["conflict"].isna()).sum(), len(fn))
    for reason, count in fn["conflict"].value_counts().items():
        line(f"held back: {reason}", count, len(fn))

    fp = with_scores(wrong, scored, no_dob)
    print("  wrong pairs")
    line("with a record without a date of birth", fp["no_dob"].sum(), len(fp))
    line("not a pair scored 0.05 or more (chained)", (~fp["scored"]).sum(), len(fp))

    ids = np.flatnonzero(no_dob)
    if len(ids):
        per_truth = np.bincount(truth)
        key = pd.Series(cluster).astype(str) + "|" + pd.Series(truth).astype(str)
        together = key.map(key.value_counts()).to_numpy()
        size = pd.Series(cluster).map(pd.Series(cluster).value_counts()).to_numpy()
        has_partner = per_truth[truth[ids]] > 1
        right = together[ids] > 1
        alone = size[ids] == 1
        print(f"  records without a date of birth: {len(ids):,}")
        line("with another record of their person", has_partner.sum(), len(ids))
        line("... linked to it", (has_partner & right).sum(), len(ids))
        line("... left alone", (has_partner & alone).sum(), len(ids))
        line("linked to someone else only", (~right & ~alone).sum(), len(ids))

    calibration = result.pairs[["unique_id_l", "unique_id_r", "match_probability"]].copy()
    calibration["match"] = truth[calibration["unique_id_l"]] == truth[calibration["unique_id_r"]]
    bands = pd.cut(calibration["match_probability"], [0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1])
    table = calibration.groupby(bands, observed=True).agg(
        pairs=("match", "size"), said=("match_probability", "mean"), were=("match", "mean")
    )
    print("  the model's probabilities against the truth (scored pairs)")
    print("    band          pairs   said   were matches")
    for band, row in table.iterrows():
        print(f"    {str(band):12} {int(row['pairs']):>7,}  {row['said']:.3f}  {row['were']:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=["agencies"])
    parser.add_argument("--people", type=int, help="people in each generated set")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="joinedup-errors-"))
    for label, frame, truth in linkage_quality.datasets(args.sets, args.people, folder):
        report(label, frame, truth)
    print(
        "\nreproduce: .venv/bin/python " + " ".join(["benchmarks/linkage_errors.py", *sys.argv[1:]])
    )


if __name__ == "__main__":
    main()
