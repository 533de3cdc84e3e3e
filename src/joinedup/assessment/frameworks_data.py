"""Loading the shipped frameworks (JSON files beside this module) into the database."""

import json
from pathlib import Path

from django.db import transaction

from joinedup.assessment.models import Element, Framework

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
