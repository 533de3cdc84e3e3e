"""The OpenAPI of /api/hsds/ as we serve it (at /api/hsds/openapi.json): the specification's
paths and query parameters, and every answer each path can give (200, 400 naming a bad
parameter, 404 for an unknown id). The API fuzz test checks the answers against it.

The bodies are described loosely (an object, a page of objects): the tests check them against
the HSDS schemas themselves (tests/directory/schemas/).
"""

from joinedup.directory import hsds
from joinedup.directory.hsds_views import MAX_PER_PAGE
from joinedup.limits import MAX_PAGE

DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}
PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": {"type": "object"}},
    },
}


def _query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


def _text(name, description):
    return _query(name, {"type": "string"}, description)


def _bool(name, description):
    return _query(name, {"type": "boolean"}, description)


def _uuid(name, description):
    return _query(name, {"type": "string", "format": "uuid"}, description)


PAGING = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "The page, from 1."),
    _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "Results a page (50 unless given).",
    ),
    _query("format", {"type": "string", "enum": ["json", "ndjson"]}, "ndjson: every result."),
]
SEARCH = _text("search", "Words in the name or description.")
BY_TERM = [
    _uuid("taxonomy_term_id", "With an attribute carrying this term."),
    _uuid("taxonomy_id", "With an attribute carrying any term of this taxonomy."),
]
SERVICE_FILTERS = [
    *BY_TERM,
    _uuid("organization_id", "Of this organisation."),
    _query("modified_after", {"type": "string", "format": "date-time"}, "Changed since."),
]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}


def _answers(body, *, bad=True, unknown=False):
    answers = {"200": {"description": "OK", "content": {"application/json": {"schema": body}}}}
    error = {"content": {"application/json": {"schema": DETAIL}}}
    if bad:
        answers["400"] = {"description": "A parameter is not valid; the detail names it", **error}
    if unknown:
        answers["404"] = {"description": "No such id", **error}
    return answers


def _get(summary, parameters, answers):
    return {"get": {"summary": summary, "parameters": parameters, "responses": answers}}


def _item(summary, parameters=(), bad=False):
    return _get(summary, [ID, *parameters], _answers({"type": "object"}, bad=bad, unknown=True))


def openapi(prefix="/api/hsds") -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "joinedup: Open Referral HSDS",
            "version": hsds.VERSION,
            "description": f"The paths of the HSDS 3 OpenAPI ({hsds.OPENAPI}), as served here.",
        },
        "paths": {
            f"{prefix}/": _get("About this API", [], _answers({"type": "object"}, bad=False)),
            f"{prefix}/services": _get(
                "Services",
                [
                    SEARCH,
                    *SERVICE_FILTERS,
                    _bool("minimal", "Only ids."),
                    _bool("full", "Every nested object."),
                    *PAGING,
                ],
                _answers(PAGE),
            ),
            f"{prefix}/services/{{id}}": _item("A service"),
            f"{prefix}/organizations": _get(
                "Organisations",
                [
                    SEARCH,
                    *BY_TERM,
                    _bool("full", "Every nested object."),
                    _bool("full_service", "Their services in full."),
                    *PAGING,
                ],
                _answers(PAGE),
            ),
            f"{prefix}/organizations/{{id}}": _item(
                "An organisation", [_bool("full_service", "Its services in full.")], bad=True
            ),
            f"{prefix}/service_at_locations": _get(
                "Services at locations",
                [
                    SEARCH,
                    *SERVICE_FILTERS,
                    _bool("full", "Every nested object."),
                    _text("postcode", "In the ward of this postcode's outward code."),
                    _query("proximity", {"type": "number"}, "Within so many metres."),
                    *PAGING,
                ],
                _answers(PAGE),
            ),
            f"{prefix}/service_at_locations/{{id}}": _item("A service at a location"),
            f"{prefix}/taxonomies": _get("Taxonomies", [SEARCH, *PAGING], _answers(PAGE)),
            f"{prefix}/taxonomies/{{id}}": _item("A taxonomy"),
            f"{prefix}/taxonomy_terms": _get(
                "Taxonomy terms",
                [
                    SEARCH,
                    _uuid("taxonomy_id", "Of this taxonomy."),
                    _uuid("parent_id", "Under this term."),
                    _bool("top_only", "Only terms with no parent."),
                    *PAGING,
                ],
                _answers(PAGE),
            ),
            f"{prefix}/taxonomy_terms/{{id}}": _item("A taxonomy term"),
        },
    }
