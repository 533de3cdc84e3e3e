"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Each app contributes a router from its own `api.py`. Sign-in and the second factor are checked
by `SignInRequiredMiddleware` (401 as JSON for /api/), then `django_auth` adds the CSRF check for
session-authenticated writes. Personal data goes through the access layer, as in the pages.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.security import django_auth

from joinedup.assessment.api import router as assessment_router
from joinedup.commissioning.api import router as commissioning_router
from joinedup.costs.api import router as costs_router
from joinedup.directory.api import router as directory_router
from joinedup.linkage.api import router as linkage_router
from joinedup.measures.api import router as measures_router
from joinedup.measures.framework_api import router as frameworks_router
from joinedup.people.api import router as people_router
from joinedup.plans.api import router as plans_router
from joinedup.referrals.api import router as referrals_router

#: `{"detail": ...}`: a sentence, or for 422 a list naming each field (as ninja's own).
DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"anyOf": [{"type": "string"}, {"type": "array"}]}},
}
#: What any operation may answer besides its own: the sign-in middleware, the access rules
#: and the CSRF check apply to every route, and 404 is also what a person signed in as
#: themselves gets (they use the pages under /me/).
EVERY_OPERATION = {
    401: "Not signed in, or the second factor not proven",
    403: "The role may not (or, for a write, the CSRF check failed)",
    404: "No such record, or none this user may see",
}


class JoinedupAPI(NinjaAPI):
    """The OpenAPI documents every answer an operation can give (the API fuzz checks it)."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                answers = dict(EVERY_OPERATION)
                if operation.get("parameters") or operation.get("requestBody"):
                    answers[422] = "A parameter or field is not valid; the detail names it"
                if operation.get("requestBody"):
                    answers[400] = "The body cannot be read as JSON"
                for status, description in answers.items():
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": DETAIL}},
                        },
                    )
        return schema


api = JoinedupAPI(
    title="joinedup",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    docs_url=None,  # the interactive docs page loads scripts from a CDN, which our CSP refuses
)
api.add_router("/people/", people_router)
api.add_router("/people/", plans_router)
api.add_router("/assessment/", assessment_router)
api.add_router("/referrals/", referrals_router)
api.add_router("/directory/", directory_router)
api.add_router("/costs/", costs_router)
api.add_router("/commissioning/", commissioning_router)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    """A service's own check failed: 422, in the shape of ninja's schema errors."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [
        {"loc": ["body", *field.split(".")], "msg": message}
        for field, messages in errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


api.add_router("/linkage/", linkage_router)
api.add_router("/measures/", measures_router)
api.add_router("/outcome-frameworks/", frameworks_router)
api.add_router("/commissioning/", "joinedup.commissioning.claim_api.router")
api.add_router("/tenders/", "joinedup.commissioning.tender_api.router")
