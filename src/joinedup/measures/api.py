"""Instruments (with their items and scoring rules) and a person's readings, under
/api/v1/measures/. Readings go through the access layer like the pages."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from joinedup.measures import instruments, scoring
from joinedup.measures.models import Assessment, Instrument
from joinedup.people import access

router = Router(tags=["measures"])


class InstrumentOut(Schema):
    key: str
    version: int
    name: str
    higher_is: str
    reliable_change: Decimal | None
    licensed: bool
    definition: dict


class ScoreOut(Schema):
    item: str
    value: int
    view: str

    @staticmethod
    def resolve_item(obj):
        return obj.item.code


class ReadingOut(Schema):
    id: int
    instrument: str
    version: int
    assessed_on: date
    completed_by: str
    total: int
    score: Decimal | None
    unscored_because: str
    subscale_scores: dict
    scores: list[ScoreOut]

    @staticmethod
    def resolve_instrument(obj):
        return obj.instrument.key

    @staticmethod
    def resolve_version(obj):
        return obj.instrument.version

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())


class ReadingIn(Schema):
    instrument: str
    assessed_on: date | None = None
    completed_by: str = Assessment.CompletedBy.WORKER
    values: dict[str, int | None]
    person_view: dict[str, int] = {}


@router.get("/instruments", response=list[InstrumentOut], url_name="instruments")
def list_instruments(request: HttpRequest):
    return instruments.current()


@router.get("/people/{id:person_id}/readings", response=list[ReadingOut], url_name="readings")
def list_readings(request: HttpRequest, person_id: int):
    person = access.get_person_for(request.user, person_id, "api readings", section="assessments")
    return list(person.assessments.select_related("instrument").prefetch_related("scores__item"))


@router.post(
    "/people/{id:person_id}/readings", response={201: ReadingOut}, url_name="reading-create"
)
def create_reading(request: HttpRequest, person_id: int, data: ReadingIn):
    person = access.get_person_for(
        request.user, person_id, "api record a reading", section="assessments"
    )
    try:
        instrument = instruments.get(data.instrument)
    except Instrument.DoesNotExist:
        raise ValidationError({"instrument": [f"No instrument {data.instrument!r}"]}) from None
    if data.completed_by not in Assessment.CompletedBy.values:
        choices = ", ".join(Assessment.CompletedBy.values)
        raise ValidationError({"completed_by": [f"Choose one of {choices}"]})
    on = data.assessed_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"assessed_on": ["The date cannot be in the future"]})
    if not any(v is not None for v in data.values.values()):
        raise ValidationError({"values": ["Answer at least one item"]})
    try:
        assessment = instruments.record(
            instrument,
            person,
            data.values,
            by=request.user,
            organisation=request.membership.organisation if request.membership else None,
            on=on,
            completed_by=data.completed_by,
            person_view=data.person_view,
            require_all=False,
        )
    except scoring.ResponseError as exc:
        raise ValidationError({f"values.{exc.code}": [str(exc)]}) from None
    return Status(201, assessment)
