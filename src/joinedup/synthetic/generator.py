"""Generate a synthetic local area: simulate each person, then write files, load the database,
or both. Same seed, size and day: byte-identical files and identical database rows."""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from joinedup.directory.models import Organisation
from joinedup.synthetic.area import Area, load_parameters
from joinedup.synthetic.files import AreaWriter
from joinedup.synthetic.lives import simulate
from joinedup.synthetic.loader import Loader, Summary

__all__ = ["generate", "load_parameters", "Result"]


@dataclass
class Result:
    people: int
    agency_records: int
    summary: Summary | None


def generate(
    people: int = 2000,
    seed: int = 42,
    today: date | None = None,
    out: Path | None = None,
    load: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Simulate `people` lives; write them under `out` and/or load them into the database."""
    area = Area(seed=seed, today=today or timezone.localdate())
    if load and Organisation.objects.exists():
        raise ValueError("This database already has organisations: generate into an empty one")
    with transaction.atomic() if load else nullcontext():
        loader = Loader(area) if load else None
        records = 0
        writer = AreaWriter(out, area) if out else None
        with writer or nullcontext():
            for index in range(1, people + 1):
                life = simulate(index, area)
                if writer:
                    records += writer.write(life)
                if loader:
                    loader.add(life)
                if progress and index % 1000 == 0:
                    progress(index)
        summary = loader.finish() if loader else None
    return Result(people=people, agency_records=records, summary=summary)
