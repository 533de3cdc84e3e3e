from django.urls import include, path

import joinedup.limits  # noqa: F401  (registers the <id:...> converter the apps' urls use)
from joinedup.api import api
from joinedup.insight import glossary
from joinedup.insight import views as insight
from joinedup.measures import me_views as measures_me
from joinedup.measures import views as measures_views
from joinedup.plans import me_views, outcome_views

urlpatterns = [
    path("", insight.home, name="home"),
    path("healthz", insight.healthz, name="healthz"),
    path("area/fragmentation/", insight.fragmentation, name="fragmentation"),
    path("area/needs/", include("joinedup.insight.needs_urls")),
    path("glossary/", glossary.glossary, name="glossary"),
    path("", include("joinedup.accounts.urls")),
    path("people/", include("joinedup.people.urls")),
    path("people/<id:person_id>/plan/", include("joinedup.plans.urls")),
    path("people/<id:person_id>/ndt/new/", measures_views.ndt_new, name="ndt-new"),
    path("me/", me_views.my_plan, name="me"),
    path("me/team/", me_views.my_team, name="me-team"),
    path("me/sharing/", me_views.my_sharing, name="me-sharing"),
    path("me/seen/", me_views.my_record_seen, name="me-seen"),
    path("me/outcomes/new/", outcome_views.my_outcome_new, name="me-outcome-new"),
    path("me/outcomes/<id:outcome_id>/", outcome_views.my_outcome, name="me-outcome"),
    path("me/measures/", measures_me.my_measures, name="me-measures"),
    path("me/measures/<slug:key>/", measures_me.my_reading, name="me-reading"),
    path("", include("joinedup.measures.urls")),
    path("", include("joinedup.referrals.urls")),
    path("organisations/", include("joinedup.directory.urls")),
    path("", include("joinedup.assessment.urls")),
    path("audit/", include("joinedup.audit.urls")),
    path("linkage/", include("joinedup.linkage.urls")),
    path("costs/", include("joinedup.costs.urls")),
    path("commissioning/", include("joinedup.commissioning.urls")),
    path("outcome-frameworks/", include("joinedup.measures.framework_urls")),
    path("api/v1/", api.urls),
    path("api/hsds/", include("joinedup.directory.hsds_urls")),
]

handler403 = "joinedup.errors.forbidden"
handler404 = "joinedup.errors.not_found"
