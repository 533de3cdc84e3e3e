"""Loading the shipped frameworks (JSON files beside this module) into the database."""

import json
from pathlib import Path

from django.db import IntegrityError, transaction

from joinedup.assessment.models import Element, Framework
from joinedup.versioned import EditConflict

FOLDER = Path(__file__).with_name("frameworks")


@transaction.atomic
def load(folder: Path = FOLDER) -> list[Framework]:
    """Create each framework version that is not there yet; existing versions never change."""
    loaded = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        framework, created = Framework.objects.get_or_create(
            key=data["key"],
            version=data["version"],
            defaults={"name": data["name"], "description": data["description"]},
        )
        if created:
            Element.objects.bulk_create(
                Element(framework=framework, position=n, **element)
                for n, element in enumerate(data["elements"], start=1)
            )
        loaded.append(framework)
    return loaded


def parse_elements(text: str) -> list[dict]:
    """Lines of `code | theme | title | statement`; errors name the line and what is wrong."""
    elements, errors, codes = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not all(parts):
            errors.append(f"Line {number}: write code | theme | title | statement, all four")
            continue
        if parts[0] in codes:
            errors.append(f"Line {number}: the code {parts[0]} is used twice")
        codes.add(parts[0])
        elements.append(dict(zip(("code", "theme", "title", "statement"), parts, strict=True)))
    if not elements and not errors:
        errors.append("Add at least one element")
    if errors:
        raise ValueError(errors)
    return elements


def as_text(framework: Framework) -> str:
    return "\n".join(
        f"{e.code} | {e.theme} | {e.title} | {e.statement}" for e in framework.elements.all()
    )


def latest_version(framework: Framework) -> Framework:
    return Framework.objects.filter(key=framework.key).order_by("-version").first()


@transaction.atomic
def new_version(
    framework: Framework, *, name: str, description: str, elements, latest_seen: int | None
) -> Framework:
    """Frameworks never change in place: rounds keep the version they were made with.

    `latest_seen` is the newest version when the form was opened: if someone has saved a
    newer one since, EditConflict, and nothing is saved (as for every edit of shared text)."""
    latest = latest_version(framework)
    if not latest_seen or latest.version != latest_seen:
        raise EditConflict(framework.pk)
    try:
        created = Framework.objects.create(
            key=framework.key, version=latest.version + 1, name=name, description=description
        )
    except IntegrityError:  # someone saved the same new version number a moment ago
        raise EditConflict(framework.pk) from None
    Element.objects.bulk_create(
        Element(framework=created, position=n, **e) for n, e in enumerate(elements, start=1)
    )
    return created
