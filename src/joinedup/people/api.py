from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from joinedup.limits import BoundedPages
from joinedup.people import access

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: date | None
    sex: str
    postcode: str


class AuditedPages(BoundedPages):
    """Page through people and log the ones on the page, as the list page does."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        page["items"] = access.record_list(request.user, page["items"], purpose="api people list")
        return page


@router.get("/", response=list[PersonOut], url_name="people-list")
@paginate(AuditedPages, page_size=50)
def list_people(request: HttpRequest):
    return access.persons_visible_to(request.user)


@router.get("/{id:person_id}", response=PersonOut, url_name="person")
def get_person(request: HttpRequest, person_id: int):
    return access.get_person_for(request.user, person_id, purpose="api read")


class InvolvementOut(Schema):
    id: int
    organisation: str
    worker: str
    role: str
    is_lead: bool
    started_on: date
    ended_on: date | None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name


class NoteOut(Schema):
    id: int
    written_at: datetime
    author: str
    organisation: str
    visibility: str
    text: str

    @staticmethod
    def resolve_author(obj):
        return str(obj.author or "")

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name


@router.get("/{id:person_id}/involvements", response=list[InvolvementOut], url_name="involvements")
def list_involvements(request: HttpRequest, person_id: int):
    person = access.get_person_for(request.user, person_id, "api involvements", section="team")
    return person.involvements.select_related("organisation", "professional")


@router.get("/{id:person_id}/notes", response=list[NoteOut], url_name="notes")
def list_notes(request: HttpRequest, person_id: int):
    """Only the notes this user may read: restricted notes never leave for anyone else."""
    person = access.get_person_for(request.user, person_id, "api notes", section="notes")
    return access.notes_for(request.user, person)
