"""Loading shipped instruments, and scoring them: the rules live in the data."""

import json
from pathlib import Path

from django.db import transaction

from joinedup.measures.models import Assessment, Instrument, Item, Score

FOLDER = Path(__file__).with_name("instruments")


@transaction.atomic
def load(folder: Path = FOLDER) -> list[Instrument]:
    loaded = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        instrument, created = Instrument.objects.get_or_create(
            key=data["key"],
            version=data["version"],
            defaults={
                "name": data["name"],
                "copyright": data.get("copyright", ""),
                "higher_is": data.get("higher_is", ""),
            },
        )
        if created:
            Item.objects.bulk_create(
                Item(
                    instrument=instrument,
                    position=n,
                    code=i["code"],
                    title=i["title"],
                    scores=i["scores"],
                    anchors=i["anchors"],
                )
                for n, i in enumerate(data["items"], start=1)
            )
        loaded.append(instrument)
    return loaded


def total(instrument: Instrument, values: dict[str, int]) -> int:
    """The total score; every item must be answered with one of its allowed scores."""
    items = {i.code: i for i in instrument.items.all()}
    missing = sorted(set(items) - set(values))
    if missing:
        raise ValueError(f"No score for {', '.join(items[c].title for c in missing)}")
    unknown = sorted(set(values) - set(items))
    if unknown:
        raise ValueError(f"{instrument.name} has no item {', '.join(unknown)}")
    for code, value in values.items():
        if value not in items[code].scores:
            allowed = ", ".join(map(str, items[code].scores))
            raise ValueError(f"{items[code].title} is scored {allowed}, not {value}")
    return sum(values.values())


@transaction.atomic
def record(
    instrument, person, values: dict[str, int], *, by=None, organisation=None, on=None
) -> Assessment:
    """Save a completed instrument for a person obtained through the access layer."""
    assessment = Assessment.objects.create(
        instrument=instrument,
        person=person,
        total=total(instrument, values),
        assessed_by=by,
        organisation=organisation,
        **({"assessed_on": on} if on else {}),
    )
    items = {i.code: i for i in instrument.items.all()}
    Score.objects.bulk_create(
        Score(assessment=assessment, item=items[code], value=v) for code, v in values.items()
    )
    return assessment
