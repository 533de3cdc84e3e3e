"""Instruments from their data files, and readings scored by the rules in those files.

`load()` installs the shipped files; `add()` installs an administrator's upload. A key and
version, once installed, never changes: a changed instrument is a new version.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from joinedup.measures import definition, scoring
from joinedup.measures.models import Assessment, Instrument, Item, Score

FOLDER = Path(__file__).with_name("instruments")


class AlreadyInstalled(ValueError):
    pass


def _install(data: dict, *, by=None) -> tuple[Instrument, bool]:
    instrument, created = Instrument.objects.get_or_create(
        key=data["key"],
        version=data["version"],
        defaults={
            "name": data["name"],
            "copyright": data.get("copyright", ""),
            "higher_is": data["higher_is"],
            "reliable_change": (
                Decimal(str(data["reliable_change"])) if "reliable_change" in data else None
            ),
            "definition": data,
            "added_by": by,
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
    elif not instrument.definition:  # installed before instruments carried their rules
        instrument.definition = data
        instrument.save(update_fields=["definition"])
    return instrument, created


@transaction.atomic
def load(folder: Path = FOLDER) -> list[Instrument]:
    """Install every shipped instrument file (each checked), in file-name order."""
    loaded = []
    for path in sorted(folder.glob("*.json")):
        loaded.append(_install(definition.validate(json.loads(path.read_text())))[0])
    return loaded


def get(key: str) -> Instrument:
    """The newest installed version of the instrument with this key (shipped ones load)."""
    found = Instrument.objects.filter(key=key).order_by("-version").first()
    if found is None:
        load()
        found = Instrument.objects.filter(key=key).order_by("-version").first()
    if found is None:
        raise Instrument.DoesNotExist(f"No instrument {key!r}")
    return found


def current() -> list[Instrument]:
    """The newest version of each installed instrument, by name."""
    newest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.order_by("key", "-version"):
        newest.setdefault(instrument.key, instrument)
    return sorted(newest.values(), key=lambda i: i.name)


@transaction.atomic
def add(content: bytes, *, by=None) -> Instrument:
    """An administrator's uploaded file, checked; an existing key and version is refused."""
    data = definition.parse(content)
    if Instrument.objects.filter(key=data["key"], version=data["version"]).exists():
        raise AlreadyInstalled(
            f"{data['key']} version {data['version']} is already installed and never changes: "
            f"upload it as version {data['version'] + 1}"
        )
    return _install(data, by=by)[0]


@transaction.atomic
def add_wording(instrument: Instrument, content: bytes) -> Instrument:
    """The area's licensed wording for an instrument whose wording we do not ship."""
    if not instrument.licensed:
        raise definition.InvalidInstrument(
            [("key", f"{instrument.name} ships its own wording; nothing to upload")]
        )
    instrument.wording = definition.parse_wording(content, instrument.definition)
    instrument.save(update_fields=["wording"])
    return instrument


def _rules(instrument: Instrument) -> dict:
    if instrument.definition:
        return instrument.definition
    return definition.validate(json.loads((FOLDER / f"{instrument.key}.json").read_text()))


def result(instrument: Instrument, values: dict) -> scoring.Result:
    return scoring.score(_rules(instrument), values)


def total(instrument: Instrument, values: dict[str, int]) -> int:
    """The raw total when every item is answered with one of its allowed scores."""
    items = {i.code: i for i in instrument.items.all()}
    missing = sorted(set(items) - {c for c, v in values.items() if v is not None})
    if missing:
        raise ValueError(f"No score for {', '.join(items[c].title for c in missing)}")
    return result(instrument, values).total


@transaction.atomic
def record(
    instrument,
    person,
    values: dict[str, int | None],
    *,
    by=None,
    organisation=None,
    on=None,
    completed_by=Assessment.CompletedBy.WORKER,
    person_view: dict[str, int] | None = None,
    require_all=True,
) -> Assessment:
    """Save a reading for a person obtained through the access layer.

    `values` is the agreed view (None for an item not answered); `person_view` holds the
    person's own answer to any item they see differently. With `require_all` (the NDT's
    form) every item must be answered; otherwise the file's missing-item rule decides.
    """
    if require_all:
        total(instrument, values)
    scored = result(instrument, values)
    differs = {
        code: v
        for code, v in scoring.check(_rules(instrument), person_view or {}).items()
        if v != values.get(code)
    }
    assessment = Assessment.objects.create(
        instrument=instrument,
        person=person,
        total=scored.total,
        score=scored.score,
        unscored_because=scored.reason,
        subscale_scores=scored.subscale_scores(),
        completed_by=completed_by,
        assessed_by=by,
        organisation=organisation,
        **({"assessed_on": on} if on else {}),
    )
    items = {i.code: i for i in instrument.items.all()}
    answered = {c: v for c, v in values.items() if v is not None}
    Score.objects.bulk_create(
        [Score(assessment=assessment, item=items[c], value=v) for c, v in answered.items()]
        + [
            Score(assessment=assessment, item=items[c], value=v, view=Score.View.PERSON)
            for c, v in differs.items()
        ]
    )
    return assessment
