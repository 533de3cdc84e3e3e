"""`joinedup link FILE... --out clusters.csv`: the linkage contract.

Writes `source, source_id, person_key, match_probability` for every input record. Touches no
database unless `--load` is given, when the files are imported and a linkage run is made.
"""

import json
import sys
import time
from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from joinedup.exports import CsvWriter
from joinedup.linkage import engine
from joinedup.linkage.prepare import ExtractError, parse_columns, read_extract


class Command(BaseCommand):
    help = "Link agency extracts (CSV or XLSX) and write each record's person_key."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="agency extracts (CSV or XLSX)")
        parser.add_argument("--out", required=True, help="where to write clusters.csv")
        parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="match probability at or above which records are linked "
            "(default: chosen from the data, with the expected precision and recall printed)",
        )
        parser.add_argument(
            "--columns",
            help="the extracts' own headers for contract columns, e.g. "
            "first_name=given_name,last_name=surname (nhs_number= if they hold none)",
        )
        parser.add_argument("--model", help="reuse a saved model (JSON) instead of training")
        parser.add_argument("--save-model", help="also write the trained model here (JSON)")
        parser.add_argument(
            "--load",
            action="store_true",
            help="also import the files and record a linkage run in the database",
        )

    def handle(self, *args, **opts):
        started = time.monotonic()
        frames = []
        try:
            columns = parse_columns(opts["columns"])
            for name in opts["files"]:
                if not Path(name).exists():
                    raise CommandError(f"{name}: no such file")
                frames.append(read_extract(name, columns))
        except ExtractError as exc:
            raise CommandError(str(exc)) from exc
        frame = pd.concat(frames, ignore_index=True)
        model_json = json.loads(Path(opts["model"]).read_text()) if opts["model"] else None

        def say(message):
            self.stderr.write(f"[{time.monotonic() - started:6.1f}s] {message}")

        result = engine.link_frame(
            frame,
            backend=opts["backend"],
            threshold=opts["threshold"],
            model_json=model_json,
            say=say,
        )
        records = result.records
        records["person_key"] = engine.person_keys(records)
        out = sys.stdout if opts["out"] == "-" else open(opts["out"], "w", newline="")  # noqa: SIM115
        try:
            writer = CsvWriter(out)
            writer.writerow(["source", "source_id", "person_key", "match_probability"])
            writer.writerows(
                records[["source", "source_id", "person_key", "match_probability"]].itertuples(
                    index=False, name=None
                )
            )
        finally:
            if out is not sys.stdout:
                out.close()
        if opts["save_model"]:
            Path(opts["save_model"]).write_text(json.dumps(result.model_json, indent=1))
        expected = result.stats.get("expected")
        if expected:
            say(
                f"threshold {expected['threshold']:.3f}"
                f"{'' if opts['threshold'] else ' (chosen from the data)'}: the model expects "
                f"precision {expected['precision']:.3f}, recall {expected['recall']:.3f}"
            )
        say(
            f"{len(records):,} records, {result.stats['clusters']:,} people, "
            f"{result.stats['pairs_scored']:,} pairs scored -> {opts['out']}"
        )
        if opts["load"]:
            self._load(opts, say)

    def _load(self, opts, say):
        from joinedup.linkage import services

        columns = parse_columns(opts["columns"])
        mapping = {theirs.lower(): ours for ours, theirs in columns.items() if theirs}
        for name in opts["files"]:
            batch = services.start_import(
                Path(name).name, Path(name).read_bytes(), mode="skip", mapping=mapping
            )
            while not batch.finished:
                services.import_step(batch)
            say(
                f"loaded {name}: {batch.created} new, {batch.updated} changed, "
                f"{batch.unchanged} unchanged, {batch.skipped} skipped"
            )
        run = services.start_run(match_threshold=opts["threshold"], backend=opts["backend"])
        services.run_all(run, lambda r: say(f"run {r.pk}: {r.stage} ({r.percent}%)"))
