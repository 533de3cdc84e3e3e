"""Bounds on what a request may ask for, in one place, so that a number too big for the
database or a text too long to be a story is refused as the visitor's mistake (400, 404 or a
field error) and never reaches the database as a 500.

- `<id:...>` in every urls.py: a record id in a path. Above the database's bigint range no row
  can have it, so the URL does not match and the answer is 404, as for any unknown id.
- `Id` in the API's schemas: the same range for an id in a query or a body (422 naming the field).
- `BoundedPages` for the API's paging, and `MAX_PAGE` for any page number.
- `MAX_TEXT` for a free-text field a person writes (a story, what matters to them).
- `RefuseNulCharacters`, a middleware: a NUL in the address or a JSON body is a 400.
"""

from typing import Annotated

from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import register_converter
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from joinedup.exports import FormatConverter

#: The largest id the database can hold (PostgreSQL bigint; SQLite's INTEGER is the same).
MAX_ID = 2**63 - 1
#: Far past any real list, and small enough that page x page size stays within the database.
MAX_PAGE = 1_000_000
#: The most anyone writes in one free-text field of a form: about four pages of text.
MAX_TEXT = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class IdConverter:
    """Like Django's `int`, but only ids a row could have: others do not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond the database's range")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
register_converter(FormatConverter, "fmt")  # <fmt:fmt>: the export formats we write


class BoundedPages(PageNumberPagination):
    """ninja's page-number paging with a highest page, answered 422 above it."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)


class RefuseNulCharacters:
    """A NUL character in the address or a JSON body answers 400: no name, id or search holds
    one, and PostgreSQL refuses it (a 500 otherwise). Forms refuse it field by field already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = None
        query = [request.path, *(f"{k}{''.join(v)}" for k, v in request.GET.lists())]
        if any("\x00" in part for part in query):
            where = "The address"
        elif request.content_type == "application/json" and b"\\u0000" in request.body:
            where = "The body"
        if where is None:
            return self.get_response(request)
        message = f"{where} has a NUL character, which no parameter or field may hold."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
