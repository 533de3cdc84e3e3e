from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

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


class AuditedPages(PageNumberPagination):
    """Page through people and log the ones on the page, as the list page does."""

    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        page["items"] = access.record_list(request.user, page["items"], purpose="api people list")
        return page


@router.get("/", response=list[PersonOut], url_name="people-list")
@paginate(AuditedPages, page_size=50)
def list_people(request: HttpRequest):
    return access.persons_visible_to(request.user)


@router.get("/{int:person_id}", response=PersonOut, url_name="person")
def get_person(request: HttpRequest, person_id: int):
    return access.get_person_for(request.user, person_id, purpose="api read")
