"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Each app contributes a router from its own `api.py`. Sign-in and the second factor are checked
by `SignInRequiredMiddleware` (401 as JSON for /api/), then `django_auth` adds the CSRF check for
session-authenticated writes. Personal data goes through the access layer, as in the pages.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from joinedup.assessment.api import router as assessment_router
from joinedup.linkage.api import router as linkage_router
from joinedup.people.api import router as people_router
from joinedup.plans.api import router as plans_router

api = NinjaAPI(
    title="joinedup",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    docs_url=None,  # the interactive docs page loads scripts from a CDN, which our CSP refuses
)
api.add_router("/people/", people_router)
api.add_router("/people/", plans_router)
api.add_router("/assessment/", assessment_router)
api.add_router("/linkage/", linkage_router)
